#ifndef _ASM_I8259_H
#define _ASM_I8259_H

#define PIC_VECTOR_BASE	32

/* Moves the legacy PICs off the exception vectors and masks all their lines. */
void i8259_remap_and_mask(void);

#endif /* _ASM_I8259_H */
