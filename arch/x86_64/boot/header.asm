; The multiboot2 header (multiboot2 specification, section 3.1).
;
; GRUB looks for it in the first 32 KiB of the image, 8-byte aligned; the
; linker script puts .multiboot2 first.  The ELF headers tell GRUB where to
; load us, and the ELF entry point is _start.  One tag asks for a linear
; framebuffer (3.1.10): where the firmware has no VGA text mode (UEFI), GRUB
; then sets a graphics mode and describes it in the boot information, for
; the screen console.  Under a BIOS, iso/boot/grub/grub.cfg keeps VGA text
; mode (gfxpayload=text), which GRUB then describes as an EGA text
; framebuffer.  The size is a wish: GRUB takes the closest mode it has.

MB2_HEADER_MAGIC	equ 0xe85250d6
MB2_ARCH_I386		equ 0		; 32-bit protected mode entry
MB2_HEADER_TAG_END	equ 0
MB2_HEADER_TAG_FRAMEBUFFER equ 5
MB2_HEADER_TAG_OPTIONAL	equ 1		; a loader without graphics may boot us anyway

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd 0x100000000 - (MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	align 8
	dw MB2_HEADER_TAG_FRAMEBUFFER
	dw MB2_HEADER_TAG_OPTIONAL
	dd 20
	dd 1024				; width in pixels
	dd 768				; height
	dd 32				; bits per pixel

	align 8
	dw MB2_HEADER_TAG_END
	dw 0
	dd 8
mb2_header_end:
