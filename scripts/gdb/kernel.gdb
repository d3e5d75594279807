# GDB set-up for `make debug`: run `gdb -x scripts/gdb/kernel.gdb` in a
# second terminal while QEMU waits.  It loads the kernel's symbols, attaches
# to QEMU's gdb stub on localhost:1234, and runs until start_kernel().
#
# A hardware breakpoint is needed at first: when QEMU starts, GRUB has not
# loaded the kernel yet, so there is no memory at start_kernel to patch
# with a software breakpoint.  Once stopped there, `break` works as usual.
#
# For a kernel built with clang: `file build/clang/kernel.elf` after this.
#
# scripts/gdb/kthreads.py adds lx-ps, lx-bt, lx-runq, lx-current and
# $lx_current() (docs/debugging.md); gdb must be started from the top of
# the tree, as `make debug` says, for the path below to work.
set pagination off
set confirm off
set architecture i386:x86-64
file build/gcc/kernel.elf
source scripts/gdb/kthreads.py
target remote localhost:1234
hbreak start_kernel
continue
delete
