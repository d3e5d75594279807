# Build, boot and test the kernel.  `make help` lists the targets.
#
#   make run                      boot the kernel in QEMU, serial console here
#   make run WINDOW=1             the same in QEMU's window: screen and keyboard
#   make test                     everything CI checks (see docs/testing.md)
#   make CC=clang ...             build with clang instead of GCC
#   make CROSS_COMPILE=x86_64-elf- ...   use a cross toolchain
#   make test KTEST_EXTRA="a.c b.c"      add test suites from anywhere
#   make bench                    benchmarks in guest instructions (docs/benchmarks.md)
#   make bench BENCH_ARGS="--filter 'spin_*'"   options of scripts/bench.py
#   make trace                    trace a test run: build/trace/trace.{txt,json,svg}
#   make trace TRACE_FILTER='kthread.*' TRACE_EVENTS=sched,kthread   (docs/tracing.md)
#   make fuzz                     fuzz the boot parsers, FUZZ_SECONDS each (docs/reliability.md)
#   make stress                   race hunting: many seeded chaos boots (docs/reliability.md)
#   make stress STRESS_BUDGET=600 STRESS_K=3 STRESS_CONFIGS="smp2 smp4"
#
# Two build flavours share the sources (docs/benchmarks.md):
#  debug  kernel.elf, test-kernel.elf: objects in $(O)/, compiled with
#	  KCONFIG_DEBUG (the debug checks, defined below)
#  bench  bench-kernel.elf: objects in $(O)/bench/, compiled without it,
#	  so that debug machinery costs nothing in the figures

VERSION := 0.1.0

CROSS_COMPILE ?=
ifeq ($(origin CC),default)
CC := $(CROSS_COMPILE)gcc
endif
LD      := $(CROSS_COMPILE)ld
NM      := $(CROSS_COMPILE)nm
NASM    ?= nasm
HOSTCC  ?= gcc
PYTHON  ?= python3
QEMU    ?= qemu-system-x86_64

# Objects of each compiler live apart, so switching CC never mixes them.
BUILD   ?= build
O       := $(BUILD)/$(notdir $(firstword $(CC)))

SMP     ?= 2
MEM     ?= 256M
# make run WINDOW=1: QEMU's window shows the screen console and takes the
# keyboard; the serial console stays on this terminal.  Not DISPLAY=1: X11
# sets DISPLAY in every graphical session's environment, where make would
# read it as this variable and open windows nobody asked for.
WINDOW  ?=
CMDLINE ?=
KTEST_EXTRA ?=
# More objects for the bench kernel only: e.g. a stub of a subsystem not
# written yet, to measure the others meanwhile.
BENCH_EXTRA ?=
BENCH_ARGS ?=
# make trace: the tests to run while tracing (ktest.filter=) and the groups.
TRACE_FILTER ?= trace.park_unpark_and_worker_round_trip_appear_in_order
TRACE_EVENTS ?= all
TRACE_ARGS ?=
FUZZ_SECONDS ?= 60
# The short run of each fuzz target inside `make test`.
FUZZ_SMOKE_SECONDS ?= 2
# make stress: seconds of wall clock, plain boots per configuration, which
# configurations, boots at once (1, as make test), more options of scripts/stress.py.
STRESS_BUDGET ?= 300
STRESS_K ?= 1
STRESS_CONFIGS ?= smp1 smp2 smp4
STRESS_JOBS ?= 1
STRESS_ARGS ?=

# Freestanding kernel code: no red zone (interrupts push onto the stack we
# run on), the kernel code model (we live in the top 2 GiB), and no FPU/SSE
# code generation, since the context switch saves no FPU state.  Frame
# pointers stay in for the backtraces.
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdlib \
	   -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie \
	   -mno-sse -mno-sse2 -mno-mmx -mno-80387 -mno-3dnow \
	   -fno-stack-protector -fno-omit-frame-pointer \
	   -mno-omit-leaf-frame-pointer -fno-asynchronous-unwind-tables \
	   -fno-strict-aliasing -fcf-protection=none \
	   -Wall -Wextra -Werror -Wno-unused-parameter -Wstrict-prototypes \
	   -Wmissing-prototypes -Wvla \
	   -D__KERNEL__ -DKERNEL_VERSION='"$(VERSION)"' \
	   -Iinclude -Iarch/x86_64/include
ifneq ($(findstring clang,$(CC)),)
KCFLAGS += -Wno-gnu-variable-sized-type-not-at-end
endif

# The debug configuration: what kernel.elf and test-kernel.elf have and
# bench-kernel.elf does not.  Code guards debug machinery with
# `#ifdef CONFIG_...` so that the bench flavour compiles it out entirely.
#  CONFIG_DEBUG_SPINLOCK  spin lock owner, recursion and bad-unlock checks
#  CONFIG_LOCKDEP         the lock validator, kernel/locking/lockdep.c (docs/locking.md)
#  CONFIG_KTEST_CHAOS     seeded chaos points for the tests (docs/reliability.md)
#  CONFIG_DEBUG_ATOMIC_SLEEP  might_sleep()'s check of the caller's context
#  CONFIG_DEBUG_SLAB      slab poisoning on by default (slab.poison= decides)
KCONFIG_DEBUG := -DCONFIG_DEBUG_SPINLOCK -DCONFIG_LOCKDEP -DCONFIG_KTEST_CHAOS \
		 -DCONFIG_DEBUG_ATOMIC_SLEEP -DCONFIG_DEBUG_SLAB
KCFLAGS_DEBUG  = $(KCFLAGS) $(KCONFIG_DEBUG)
KCFLAGS_BENCH  = $(KCFLAGS)

NASMFLAGS := -f elf64 -g -F dwarf -w+all -w+error
LDFLAGS   := -n -nostdlib -z max-page-size=0x1000 -z noexecstack \
	     --no-warn-rwx-segments -T linker.ld

# Host unit tests of lib/: our code under the host's sanitizers, with
# tests/host/lib_rename.h steering libc's names (memcpy...) to ours.
HOSTCFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
	      -fno-sanitize-recover=all -fno-builtin -fno-omit-frame-pointer \
	      -Wall -Wextra -Werror -Iinclude -Iarch/x86_64/include \
	      -include tests/host/lib_rename.h

# Sources: every C and NASM file under arch/, kernel/ and lib/ is the kernel;
# tests/kernel/ adds the in-kernel suites, linked into kernel.elf too (for
# the console's `test` command).  Only the test kernel gets ktest_boot.c,
# which runs them at boot and reports to QEMU.
find_src    = $(sort $(shell find $(1) -name '*.c' -o -name '*.asm'))
KERNEL_SRC := $(call find_src,arch/x86_64 kernel lib)
TEST_BOOT_SRC := tests/kernel/ktest_boot.c
TEST_SRC   := $(filter-out $(TEST_BOOT_SRC),$(call find_src,tests/kernel))
# tests/bench/ adds the benchmarks for the bench kernel, which has no tests.
BENCH_SRC  := $(call find_src,tests/bench)
HOST_SRC   := $(sort $(wildcard lib/*.c tests/host/*.c)) \
	      arch/x86_64/boot/multiboot2.c arch/x86_64/acpi_tables.c

# Debug-flavour objects live in $(O)/, bench-flavour ones in $(OB)/.
OB          := $(O)/bench
obj_of       = $(patsubst %,$(2)/%.o,$(basename $(1)))
KERNEL_OBJ  := $(call obj_of,$(KERNEL_SRC),$(O))
TEST_OBJ    := $(call obj_of,$(TEST_SRC),$(O))
TEST_BOOT_OBJ := $(call obj_of,$(TEST_BOOT_SRC),$(O))
BENCH_KERNEL_OBJ := $(call obj_of,$(KERNEL_SRC),$(OB))
BENCH_OBJ   := $(call obj_of,$(BENCH_SRC),$(OB))
extra_obj    = $(2)/extra/$(subst /,_,$(abspath $(basename $(1)))).o
EXTRA_OBJ   := $(foreach f,$(KTEST_EXTRA),$(call extra_obj,$(f),$(O)))
BENCH_EXTRA_OBJ := $(foreach f,$(BENCH_EXTRA),$(call extra_obj,$(f),$(OB)))

KERNEL      := $(O)/kernel.elf
TEST_KERNEL := $(O)/test-kernel.elf
BENCH_KERNEL := $(O)/bench-kernel.elf
ISO         := $(O)/kthreads.iso
HOST_TEST   := $(BUILD)/host/ktest-host

.PHONY: all kernel iso run debug test host-test runner-test check-clang check-flavours \
	deps format format-check clean help FORCE
.PHONY: bench bench-smoke trace stress
.PHONY: fuzz fuzz-smoke fuzz-build
.DEFAULT_GOAL := all

all: $(ISO) $(TEST_KERNEL)
kernel: $(KERNEL) $(TEST_KERNEL)
kernel: $(BENCH_KERNEL)
iso: $(ISO)

help:
	@sed -n 's/^#   //p' Makefile
	@echo "  other targets: iso kernel debug host-test check-flavours format format-check clean"

# Installs what is missing (as root) or names it; fast when all is there.
deps:
	@scripts/install-deps.sh

# Rebuild a flavour's objects when the compiler or its flags change.
$(O)/.flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(KCFLAGS_DEBUG) $(NASM) $(NASMFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(KCFLAGS_DEBUG) $(NASM) $(NASMFLAGS)' > $@
$(OB)/.flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(KCFLAGS_BENCH) $(NASM) $(NASMFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(KCFLAGS_BENCH) $(NASM) $(NASMFLAGS)' > $@

# The bench rules come first and have the shorter stem, so make picks them
# for $(OB)/...; everything else under $(O)/ is the debug flavour.
$(OB)/%.o: %.c $(OB)/.flags
	@mkdir -p $(@D)
	@echo "  CC      $< (bench)"
	@$(CC) $(KCFLAGS_BENCH) -MMD -MP -c $< -o $@

$(OB)/%.o: %.asm $(OB)/.flags
	@mkdir -p $(@D)
	@echo "  NASM    $< (bench)"
	@$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

$(O)/%.o: %.c $(O)/.flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS_DEBUG) -MMD -MP -c $< -o $@

$(O)/%.o: %.asm $(O)/.flags
	@mkdir -p $(@D)
	@echo "  NASM    $<"
	@$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# extra_rule,<source>,<object dir>,<flags>
define extra_rule
$(call extra_obj,$(1),$(2)): $(1) $(2)/.flags
	@mkdir -p $$(@D)
	@echo "  CC      $(1)"
	@$$(CC) $(3) -MMD -MP -c $(1) -o $$@
endef
$(foreach f,$(KTEST_EXTRA),$(eval $(call extra_rule,$(f),$(O),$$(KCFLAGS_DEBUG))))
$(foreach f,$(BENCH_EXTRA),$(eval $(call extra_rule,$(f),$(OB),$$(KCFLAGS_BENCH))))

# Linking embeds a symbol table for backtraces, as Linux's kallsyms does: a
# first link with an empty table gives the addresses, the second link adds
# the table (which sits after .rodata, so no function moves), and the check
# proves that no function moved.
# The kallsyms object is compiled like the rest of its flavour: link_kernel's
# $(2) is the flavour's object directory, $(3) its flags.
$(O)/kallsyms_empty.o $(OB)/kallsyms_empty.o: %/kallsyms_empty.o: scripts/kallsyms.py %/.flags
	@$(PYTHON) scripts/kallsyms.py < /dev/null > $*/kallsyms_empty.c
	@$(CC) $(if $(filter $(OB),$*),$(KCFLAGS_BENCH),$(KCFLAGS_DEBUG)) -c $*/kallsyms_empty.c -o $@

# link_kernel,<objects>,<object dir>,<flags>
define link_kernel
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@.pass1 $(1) $(2)/kallsyms_empty.o
	@$(NM) -n $@.pass1 > $@.pass1.nm
	@$(PYTHON) scripts/kallsyms.py < $@.pass1.nm > $@.kallsyms.c
	@$(CC) $(3) -c $@.kallsyms.c -o $@.kallsyms.o
	@$(LD) $(LDFLAGS) -o $@ $(1) $@.kallsyms.o
	@$(NM) -n $@ > $@.nm
	@$(PYTHON) scripts/kallsyms.py --compare $@.pass1.nm $@.nm
endef

$(KERNEL): $(KERNEL_OBJ) $(TEST_OBJ) $(O)/kallsyms_empty.o linker.ld scripts/kallsyms.py
	$(call link_kernel,$(KERNEL_OBJ) $(TEST_OBJ),$(O),$(KCFLAGS_DEBUG))

$(TEST_KERNEL): $(KERNEL_OBJ) $(TEST_OBJ) $(TEST_BOOT_OBJ) $(EXTRA_OBJ) $(O)/kallsyms_empty.o \
		linker.ld scripts/kallsyms.py
	$(call link_kernel,$(KERNEL_OBJ) $(TEST_OBJ) $(TEST_BOOT_OBJ) $(EXTRA_OBJ),$(O),$(KCFLAGS_DEBUG))

# The bench kernel: the kernel and the benchmarks, without the test suites,
# so that nothing but the benchmarks runs before the figures are taken, and
# in the bench flavour (its own objects, without KCONFIG_DEBUG).
$(BENCH_KERNEL): $(BENCH_KERNEL_OBJ) $(BENCH_OBJ) $(BENCH_EXTRA_OBJ) $(OB)/kallsyms_empty.o \
		linker.ld scripts/kallsyms.py
	$(call link_kernel,$(BENCH_KERNEL_OBJ) $(BENCH_OBJ) $(BENCH_EXTRA_OBJ),$(OB),$(KCFLAGS_BENCH))

# The ISO for `make run` and `make debug`; the test runner builds its own,
# one per command line.
$(ISO): $(KERNEL) iso/boot/grub/grub.cfg FORCE
	@mkdir -p $(O)/iso/boot/grub
	@cp $(KERNEL) $(O)/iso/boot/kernel.elf
	@sed 's|@CMDLINE@|$(CMDLINE)|' iso/boot/grub/grub.cfg > $(O)/iso/boot/grub/grub.cfg.new
	@cmp -s $(O)/iso/boot/grub/grub.cfg.new $(O)/iso/boot/grub/grub.cfg || \
		mv $(O)/iso/boot/grub/grub.cfg.new $(O)/iso/boot/grub/grub.cfg
	@if [ ! -f $@ ] || [ -n "$$(find $(O)/iso -newer $@ -type f)" ]; then \
		echo "  ISO     $@"; \
		grub-mkrescue -o $@ $(O)/iso 2> $(O)/grub-mkrescue.log || \
		{ cat $(O)/grub-mkrescue.log; exit 1; }; fi

QEMU_FLAGS := -accel tcg -m $(MEM) -smp $(SMP) -no-reboot -cdrom $(ISO) -boot d

ifeq ($(WINDOW),)
run: deps $(ISO)
	@echo "Booting $(ISO) in QEMU (TCG, $(SMP) CPUs).  Quit with Ctrl-A X."
	@$(QEMU) $(QEMU_FLAGS) -nographic
else
run: deps $(ISO)
	@scripts/install-deps.sh --window
	@echo "Booting $(ISO) in a QEMU window (TCG, $(SMP) CPUs); the serial console is here."
	@echo "Quit by closing the window, or with Ctrl-A X here."
	@$(QEMU) $(QEMU_FLAGS) -display gtk -serial mon:stdio
endif

debug: deps $(ISO)
	@echo "QEMU waits for GDB on localhost:1234.  In another terminal:"
	@echo "    gdb -x scripts/gdb/kernel.gdb"
	@echo "Quit QEMU with Ctrl-A X."
	@$(QEMU) $(QEMU_FLAGS) -nographic -s -S

$(BUILD)/host/%.o: %.c tests/host/lib_rename.h
	@mkdir -p $(@D)
	@echo "  HOSTCC  $<"
	@$(HOSTCC) $(HOSTCFLAGS) -MMD -MP -c $< -o $@

$(HOST_TEST): $(patsubst %.c,$(BUILD)/host/%.o,$(HOST_SRC))
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $(HOSTCFLAGS) $^ -o $@

host-test: $(HOST_TEST)
	@$(HOST_TEST)

# Fuzz targets of the parsers that read what the boot loader and the
# firmware hand us (tests/fuzz/, docs/reliability.md): libFuzzer, built by
# clang with AddressSanitizer and UBSan, over the same code as the kernel's.
FUZZCC      ?= clang
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_DIR    := $(BUILD)/fuzz
FUZZCFLAGS  := $(filter-out -fsanitize=%,$(HOSTCFLAGS)) \
	       -fsanitize=fuzzer-no-link,address,undefined
FUZZ_SRC    := $(sort $(wildcard lib/*.c)) arch/x86_64/boot/multiboot2.c \
	       arch/x86_64/acpi_tables.c kernel/params.c
FUZZ_OBJ    := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SRC))
FUZZ_LIB    := $(FUZZ_DIR)/libparsers.a
FUZZ_BINS   := $(patsubst %,$(FUZZ_DIR)/fuzz-%,$(FUZZ_TARGETS))

$(FUZZ_DIR)/obj/%.o: %.c tests/host/lib_rename.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	@$(FUZZCC) $(FUZZCFLAGS) -MMD -MP -c $< -o $@

# An archive: each target links only the parsers it calls.
$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

.SECONDARY: $(patsubst %,$(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o,$(FUZZ_TARGETS))
$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	@echo "  FUZZLD  $@"
	@$(FUZZCC) $(FUZZCFLAGS) -fsanitize=fuzzer $^ -o $@

fuzz-build: $(FUZZ_BINS)

fuzz: deps fuzz-build
	@$(PYTHON) scripts/fuzz.py --fuzz-dir $(FUZZ_DIR) --seconds $(FUZZ_SECONDS) \
		--keep-corpus $(FUZZ_TARGETS)
fuzz-smoke: deps fuzz-build
	@$(PYTHON) scripts/fuzz.py --fuzz-dir $(FUZZ_DIR) --seconds $(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_TARGETS)

# The kernel must keep building with clang too: CI checks it here.
check-clang:
	@$(MAKE) --no-print-directory CC=clang kernel

# The flavours really differ: the debug checks (here the spin lock's) are
# in the debug kernels and compiled out of the bench kernel.
check-flavours: $(KERNEL) $(TEST_KERNEL) $(BENCH_KERNEL)
	@for k in $(KERNEL) $(TEST_KERNEL); do \
		grep -q ' debug_spin_lock_before$$' $$k.nm || \
		{ echo "check-flavours: $$k lacks the debug configuration"; exit 1; }; done
	@! grep -q ' debug_spin_lock_before$$' $(BENCH_KERNEL).nm || \
		{ echo "check-flavours: $(BENCH_KERNEL) has debug code"; exit 1; }
	@echo "check-flavours: debug checks in kernel.elf and test-kernel.elf, not in bench-kernel.elf"

# Benchmarks under QEMU -icount, never in `make test` (they take a while);
# bench-smoke runs each once with a few iterations, so they cannot rot.
bench: deps $(BENCH_KERNEL)
	@$(PYTHON) scripts/bench.py --kernel $(BENCH_KERNEL) --build-dir $(BUILD) \
		--json $(BUILD)/bench.json $(BENCH_ARGS)
bench-smoke: deps $(BENCH_KERNEL)
	@$(PYTHON) scripts/bench.py --smoke --kernel $(BENCH_KERNEL) --build-dir $(BUILD) \
		$(BENCH_ARGS)

# Boots the test kernel with trace=$(TRACE_EVENTS), runs $(TRACE_FILTER), and
# turns the dump into text, Perfetto JSON and an SVG timeline.
trace: deps $(TEST_KERNEL)
	@$(PYTHON) scripts/trace/make_trace.py --kernel $(TEST_KERNEL) --smp $(SMP) \
		--filter '$(TRACE_FILTER)' --events '$(TRACE_EVENTS)' --out $(BUILD)/trace $(TRACE_ARGS)

# Seeded race hunting for a time budget; never part of `make test`.
stress: deps
	@$(MAKE) --no-print-directory $(TEST_KERNEL)
	@$(PYTHON) scripts/stress.py --kernel $(TEST_KERNEL) --build-dir $(BUILD) \
		--budget $(STRESS_BUDGET) --k $(STRESS_K) --configs "$(STRESS_CONFIGS)" \
		--jobs $(STRESS_JOBS) $(STRESS_ARGS)

test: deps
	@$(MAKE) --no-print-directory kernel $(HOST_TEST)
	@$(MAKE) --no-print-directory check-clang
	@$(MAKE) --no-print-directory fuzz-build
	@$(PYTHON) scripts/fuzz.py --fuzz-dir $(FUZZ_DIR) --seconds $(FUZZ_SMOKE_SECONDS) \
		$(FUZZ_TARGETS)
	@$(MAKE) --no-print-directory check-flavours
	@$(PYTHON) scripts/bench.py --smoke --kernel $(BENCH_KERNEL) --build-dir $(BUILD)
	@$(PYTHON) tests/runner/run.py --unit --host-test $(HOST_TEST) \
		--kernel $(TEST_KERNEL) --logs $(BUILD)/test-logs --build-dir $(BUILD) --jobs 1 \
		--selftest --gdb $(KERNEL) --console $(KERNEL) --screen $(KERNEL)

# Style of the lines a change touches, against FORMAT_BASE (default: the last
# commit), as git clang-format sees it.  The whole tree is not reformatted:
# clang-format would undo the hand alignment of tables and initialisers
# that the kernel's style keeps.  Run format-check before committing.
FORMAT_BASE ?= HEAD
format:
	@git clang-format $(FORMAT_BASE) -- '*.c' '*.h'
format-check:
	@out=$$(git clang-format --diff $(FORMAT_BASE) -- '*.c' '*.h' 2>&1); \
	if echo "$$out" | grep -q '^diff --git'; then \
		echo "$$out"; echo "format-check: these lines need 'make format'"; exit 1; \
	fi; echo "format-check: the changed lines are clean"

clean:
	rm -rf $(BUILD)

-include $(KERNEL_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(TEST_BOOT_OBJ:.o=.d) $(EXTRA_OBJ:.o=.d) \
	$(patsubst %.c,$(BUILD)/host/%.d,$(HOST_SRC)) \
	$(patsubst %.o,%.d,$(FUZZ_OBJ)) \
	$(patsubst %,$(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.d,$(FUZZ_TARGETS))
-include $(BENCH_KERNEL_OBJ:.o=.d) $(BENCH_OBJ:.o=.d) $(BENCH_EXTRA_OBJ:.o=.d)
