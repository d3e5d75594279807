; The context switch, and the first moments of a new task.
;
; struct task_struct *__switch_to_asm(struct task_struct *prev,
;                                     struct task_struct *next)
;
; Saves the callee-saved registers on prev's stack, stores its stack
; pointer in prev->thread_sp, loads next's, and pops next's registers: the
; System V ABI lets a C caller assume everything else is clobbered by a
; call.  Kernel code never uses the FPU or SSE (the Makefile forbids the
; compiler to), so there is no FPU state to save.  Returns prev (in RAX)
; to whatever next resumes, so it can finish the switch.
;
; A new task's stack is built by arch_init_task_stack() (process.c) to look
; as if it had been switched out just before ret_from_fork_asm, with its
; function in RBX and the argument in R12.

TASK_THREAD_SP	equ 0		; offsetof(struct task_struct, thread_sp), checked in process.c

extern schedule_tail
extern do_exit

global __switch_to_asm
global ret_from_fork_asm

section .text
__switch_to_asm:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi + TASK_THREAD_SP], rsp
	mov rsp, [rsi + TASK_THREAD_SP]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	mov rax, rdi
	ret

ret_from_fork_asm:
	mov rdi, rax			; prev, from __switch_to_asm
	call schedule_tail
	mov rdi, r12
	call rbx			; fn(arg)
	mov rdi, rax
	call do_exit			; with fn's return value; never returns
	ud2
