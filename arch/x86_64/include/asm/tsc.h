#ifndef _ASM_TSC_H
#define _ASM_TSC_H

/* TSC frequency in kHz, measured by tsc_init(); 0 before. */
extern unsigned long tsc_khz;

void tsc_init(void);

#endif /* _ASM_TSC_H */
