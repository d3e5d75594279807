/* Tasks and the scheduler. */
#ifndef _KERNEL_SCHED_H
#define _KERNEL_SCHED_H

#define TASK_COMM_LEN 16

/* The name of the task running on this CPU, for reports. */
const char *current_comm(void);

#endif /* _KERNEL_SCHED_H */
