; The application processors' way from real mode to the kernel.
;
; smpboot.c copies this blob to TRAMPOLINE_BASE (a page below 1 MiB), fills
; in struct trampoline_data at TRAMPOLINE_DATA, and wakes an AP with a
; STARTUP IPI whose vector is TRAMPOLINE_BASE >> 12: the AP starts here in
; 16-bit real mode at CS:IP = 0800:0000.  Like head.asm it goes to
; protected mode, then long mode on the page tables named in the data (the
; kernel's upper half plus an identity map of this page), and jumps to
; start_secondary(cpu) in the higher half on its own idle stack.
;
; The blob runs at TRAMPOLINE_BASE, not where it was linked, so every
; address in it is written as (label - trampoline_start + TRAMPOLINE_BASE).
; Offsets into trampoline_data must match struct trampoline_data in
; smpboot.c, which checks them.

TRAMPOLINE_BASE		equ 0x8000
TRAMPOLINE_DATA		equ TRAMPOLINE_BASE + 0xf00
TD_CR3			equ TRAMPOLINE_DATA + 0
TD_EFER			equ TRAMPOLINE_DATA + 8
TD_STACK		equ TRAMPOLINE_DATA + 16
TD_ENTRY		equ TRAMPOLINE_DATA + 24
TD_CPU			equ TRAMPOLINE_DATA + 32

TR_CODE32		equ 0x08
TR_CODE64		equ 0x10
TR_DATA			equ 0x18

%define TR_ADDR(label) (label - trampoline_start + TRAMPOLINE_BASE)

global trampoline_start
global trampoline_end

section .rodata
align 16
bits 16
trampoline_start:
	cli
	cld
	xor ax, ax			; DS = 0: addresses below are physical
	mov ds, ax
	lgdt [TR_ADDR(tr_gdt_ptr)]
	mov eax, cr0
	or eax, 1			; PE
	mov cr0, eax
	jmp dword TR_CODE32:TR_ADDR(tr_protected)

bits 32
tr_protected:
	mov ax, TR_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, 1 << 5			; PAE
	mov cr4, eax
	mov eax, [TD_CR3]
	mov cr3, eax
	mov ecx, 0xc0000080		; EFER: LME, and NXE if the boot CPU has it
	mov eax, [TD_EFER]
	mov edx, [TD_EFER + 4]
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16) | 1	; PG, WP, PE
	mov cr0, eax
	jmp TR_CODE64:TR_ADDR(tr_long)

bits 64
tr_long:
	mov ax, TR_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, [TD_STACK]
	push 0				; a null return address and RBP end the call
	xor ebp, ebp			; trace, and leave RSP as a call would
	mov edi, [TD_CPU]
	mov rax, [TD_ENTRY]
	jmp rax

align 8
tr_gdt:
	dq 0
	dq 0x00cf9a000000ffff		; TR_CODE32
	dq 0x00af9a000000ffff		; TR_CODE64
	dq 0x00cf92000000ffff		; TR_DATA
tr_gdt_ptr:
	dw 4 * 8 - 1
	dd TR_ADDR(tr_gdt)
trampoline_end:
