; The multiboot2 header (multiboot2 specification, section 3.1).
;
; GRUB looks for it in the first 32 KiB of the image, 8-byte aligned; the
; linker script puts .multiboot2 first.  We ask for nothing but to be loaded:
; the ELF headers tell GRUB where, and the ELF entry point is _start.

MB2_HEADER_MAGIC	equ 0xe85250d6
MB2_ARCH_I386		equ 0		; 32-bit protected mode entry
MB2_HEADER_TAG_END	equ 0

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	align 8
	dw MB2_HEADER_TAG_END
	dw 0
	dd 8
mb2_header_end:
