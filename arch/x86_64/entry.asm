; Interrupt and exception entry: one small entry point per vector, one common path.
;
; Each entry point makes the stack look the same for every vector (a zero error
; code where the CPU pushes none), pushes the vector number and jumps to the
; common path, which saves the general registers as struct pt_regs
; (asm/ptrace.h) and calls do_interrupt(regs) (irq.c).  When that returns,
; the registers (possibly changed, e.g. RIP by an exception-table fixup) are
; restored and IRETQ resumes the interrupted code.
;
; On entry the CPU has aligned RSP to 16 and pushed 5 quadwords (SS, RSP,
; RFLAGS, CS, RIP); with the error code, vector and 15 registers that makes
; 22, so RSP is 16-byte aligned again at the call, as the ABI requires.

extern do_interrupt
global interrupt_entry_table

; Vectors for which the CPU pushes an error code (SDM vol. 3A, table 6-1).
%define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

section .text

%assign v 0
%rep 256
	align 16
interrupt_entry_%[v]:
%if v >= 32 || HAS_ERROR_CODE(v) == 0
	push 0
%endif
	push v
	jmp interrupt_common
%assign v v + 1
%endrep

interrupt_common:
	cld
	push rdi
	push rsi
	push rdx
	push rcx
	push rax
	push r8
	push r9
	push r10
	push r11
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15

	mov rdi, rsp
	call do_interrupt

	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	pop r11
	pop r10
	pop r9
	pop r8
	pop rax
	pop rcx
	pop rdx
	pop rsi
	pop rdi
	add rsp, 16			; vector and error code
	iretq

section .rodata
align 8
interrupt_entry_table:
%assign v 0
%rep 256
	dq interrupt_entry_%[v]
%assign v v + 1
%endrep
