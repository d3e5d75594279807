; void call_on_stack(void *stack_top, void (*fn)(void *), void *arg)
;
; Switches RSP to stack_top, calls fn(arg), switches back.  RBP keeps
; pointing at this frame on the old stack, so a backtrace taken on the new
; stack walks back across to the caller.

global call_on_stack

section .text
call_on_stack:
	push rbp
	mov rbp, rsp
	and rdi, -16			; the ABI wants RSP 16-byte aligned at a call
	mov rsp, rdi
	mov rdi, rdx
	call rsi
	mov rsp, rbp
	pop rbp
	ret
