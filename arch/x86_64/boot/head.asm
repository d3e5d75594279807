; From GRUB's 32-bit protected mode to start_kernel() in 64-bit long mode.
;
; Multiboot2 hands over with EAX = magic, EBX = physical address of the boot
; information, paging off, interrupts off and no usable stack (spec 3.3).
; We check that we were loaded by multiboot2 and that the CPU has long mode
; (saying so on COM1 if not), build the first page tables, enable PAE, long
; mode and paging, and jump to the higher half.
;
; The first page tables map physical 0..1 GiB three times with 2 MiB pages:
;   identity           0x0000000000000000  (this code, until it has jumped)
;   direct map         0xffff800000000000  (PAGE_OFFSET: __va()/__pa())
;   kernel image       0xffffffff80000000  (KERNEL_VIRT_BASE, -mcmodel=kernel)
; The memory layer replaces them with tables of its own.

MB2_BOOTLOADER_MAGIC	equ 0x36d76289
COM1			equ 0x3f8

CR0_PE			equ 1 << 0
CR0_WP			equ 1 << 16
CR0_PG			equ 1 << 31
CR4_PAE			equ 1 << 5
MSR_EFER		equ 0xc0000080
EFER_LME		equ 1 << 8
EFER_NXE		equ 1 << 11
CPUID_EXT_LM		equ 1 << 29	; CPUID 0x80000001 EDX
CPUID_EXT_NX		equ 1 << 20	; CPUID 0x80000001 EDX
EFLAGS_ID		equ 1 << 21

PTE_PRESENT		equ 1 << 0
PTE_WRITE		equ 1 << 1
PTE_HUGE		equ 1 << 7

KERNEL_VIRT_BASE	equ 0xffffffff80000000
BOOT_CS			equ 0x08
BOOT_DS			equ 0x10

global _start
global boot_mb2_info_phys
global boot_pml4
global boot_stack
global boot_stack_top
extern x86_64_start_kernel

BOOT_STACK_SIZE		equ 16384

section .boot.text progbits alloc exec nowrite align=16
bits 32
_start:
	cli
	cld
	mov esp, boot32_stack_top
	mov [boot_mb2_info_phys], ebx

	cmp eax, MB2_BOOTLOADER_MAGIC
	jne .not_multiboot2
	call cpu_has_long_mode
	test eax, eax
	jz .no_long_mode

	call build_page_tables
	call enable_long_mode
	lgdt [boot_gdt_ptr]
	jmp BOOT_CS:long_mode_entry

.not_multiboot2:
	mov esi, msg_not_multiboot2
	jmp boot_fail
.no_long_mode:
	mov esi, msg_no_long_mode
	jmp boot_fail

; Return EAX != 0 when CPUID exists and reports long mode.  Also note NX.
cpu_has_long_mode:
	pushfd				; CPUID exists iff EFLAGS.ID can be flipped
	pop eax
	mov ecx, eax
	xor eax, EFLAGS_ID
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	jz .no

	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no
	mov eax, 0x80000001
	cpuid
	test edx, CPUID_EXT_NX
	jz .check_lm
	mov dword [boot_has_nx], 1
.check_lm:
	mov eax, edx
	and eax, CPUID_EXT_LM
	ret
.no:
	xor eax, eax
	ret

build_page_tables:
	mov edi, boot_pml4		; the four tables are contiguous
	mov ecx, 4 * 4096 / 4
	xor eax, eax
	rep stosd

	mov eax, boot_pdpt_low + PTE_PRESENT + PTE_WRITE
	mov [boot_pml4 + 0 * 8], eax		; identity
	mov [boot_pml4 + 256 * 8], eax		; direct map at PAGE_OFFSET
	mov eax, boot_pdpt_high + PTE_PRESENT + PTE_WRITE
	mov [boot_pml4 + 511 * 8], eax		; kernel image

	mov eax, boot_pd + PTE_PRESENT + PTE_WRITE
	mov [boot_pdpt_low + 0 * 8], eax
	mov [boot_pdpt_high + 510 * 8], eax

	mov edi, boot_pd			; 512 x 2 MiB = 1 GiB
	mov eax, PTE_PRESENT + PTE_WRITE + PTE_HUGE
	mov ecx, 512
.fill:
	mov [edi], eax
	add eax, 0x200000
	add edi, 8
	loop .fill
	ret

enable_long_mode:
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax

	mov eax, boot_pml4
	mov cr3, eax

	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	cmp dword [boot_has_nx], 0
	je .no_nx
	or eax, EFER_NXE
.no_nx:
	wrmsr

	mov eax, cr0
	or eax, CR0_PG | CR0_PE | CR0_WP
	mov cr0, eax
	ret

; Print the NUL-terminated string at ESI on COM1 and stop.  The UART is set
; up from scratch (115200 8N1) since nothing else has touched it.
boot_fail:
	mov dx, COM1 + 1
	xor al, al
	out dx, al			; no UART interrupts
	mov dx, COM1 + 3
	mov al, 0x80
	out dx, al			; DLAB on
	mov dx, COM1
	mov al, 1
	out dx, al			; divisor 1: 115200 baud
	mov dx, COM1 + 1
	xor al, al
	out dx, al
	mov dx, COM1 + 3
	mov al, 0x03
	out dx, al			; 8N1, DLAB off
.next:
	lodsb
	test al, al
	jz .halt
	mov ah, al
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20			; transmit holding register empty
	jz .wait
	mov dx, COM1
	mov al, ah
	out dx, al
	jmp .next
.halt:
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, BOOT_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	mov rax, higher_half_entry
	jmp rax

section .boot.rodata progbits alloc noexec nowrite align=8
boot_gdt:
	dq 0
	dq 0x00af9a000000ffff		; BOOT_CS: 64-bit code, DPL 0
	dq 0x00cf92000000ffff		; BOOT_DS: data, DPL 0
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt

msg_not_multiboot2:
	db "kthreads: not loaded by a multiboot2 boot loader; cannot boot.", 13, 10, 0
msg_no_long_mode:
	db "kthreads: this CPU has no 64-bit long mode; an x86_64 CPU is required.", 13, 10, 0

section .boot.data progbits alloc noexec write align=8
boot_mb2_info_phys:
	dq 0
boot_has_nx:
	dd 0

section .boot.bss nobits alloc noexec write align=4096
boot_pml4:	resb 4096
boot_pdpt_low:	resb 4096
boot_pdpt_high:	resb 4096
boot_pd:	resb 4096
boot32_stack:	resb 256
boot32_stack_top:

; The stack of the boot CPU until the scheduler gives it an idle task.
section .bss nobits alloc noexec write align=16
boot_stack:	resb BOOT_STACK_SIZE
boot_stack_top:

section .text
higher_half_entry:
	xor ebp, ebp			; ends the frame-pointer chain for backtraces
	mov rdi, [boot_mb2_info_phys]
	call x86_64_start_kernel
.halt:
	cli
	hlt
	jmp .halt
