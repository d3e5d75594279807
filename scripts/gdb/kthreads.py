"""GDB commands to look at the kernel's threads, after Linux's scripts/gdb.

Loaded by scripts/gdb/kernel.gdb (or `source scripts/gdb/kthreads.py`):

    lx-ps                 every task: pid, state letter, CPU, name
    lx-bt PID|NAME        call trace of a task that is not running, from
                          the context it saved when it switched out
    lx-runq [CPU]         a CPU's run queue: what runs there, what waits
    lx-current            the task running on each online CPU
    $lx_current([CPU])    that task, as a `struct task_struct *` value

Everything is read from the kernel's own data through its debug
information: the task list (task_list in kernel/fork.c), the run queues
(per-CPU runqueues), and per-CPU variables at the address of the template
plus __per_cpu_offset[cpu], the table the kernel fills at boot.  GDB only
sees the GS base of the virtual CPU it happens to stop on, so nothing here
uses GS.  docs/debugging.md shows the commands at work.
"""

import re

import gdb

NR_CPUS_MAX = 64
ADDRESS_MASK = (1 << 64) - 1


def _type(name):
    return gdb.lookup_type(name)


def _field_offset(struct_type, field_name):
    for field in struct_type.fields():
        if field.name == field_name:
            return field.bitpos // 8
    raise gdb.GdbError(f"{struct_type} has no field {field_name}")


def container_of(pointer, struct_name, member):
    """The struct_name that contains the member at pointer."""
    struct_type = _type(struct_name)
    address = int(pointer) - _field_offset(struct_type, member)
    return gdb.Value(address).cast(struct_type.pointer())


def list_entries(head, struct_name, member):
    """The entries of a `struct list_head` list, like list_for_each_entry()."""
    node = head["next"]
    head_address = int(head.address)
    seen = 0
    while int(node) != head_address:
        yield container_of(node, struct_name, member)
        node = node["next"]
        seen += 1
        if seen > 100000:
            raise gdb.GdbError("list does not come back to its head: corrupt?")


# --- per-CPU data ----------------------------------------------------------

def per_cpu_offset(cpu):
    return int(gdb.parse_and_eval("__per_cpu_offset")[cpu])


def per_cpu(symbol, cpu):
    """CPU cpu's copy of the per-CPU variable symbol, as a value (an lvalue)."""
    template = gdb.parse_and_eval(f"&{symbol}")
    # Unsigned arithmetic, as the kernel's: an area below the template
    # has an "offset" that wraps around.
    address = (int(template) + per_cpu_offset(cpu)) & ADDRESS_MASK
    return gdb.Value(address).cast(template.type).dereference()


def _cpus_in(mask_symbol):
    bits = gdb.parse_and_eval(mask_symbol)["bits"]
    word_bits = 8 * bits[0].type.sizeof
    count = bits.type.range()[1] + 1
    cpus = []
    for word in range(count):
        value = int(bits[word])
        for bit in range(word_bits):
            if value & (1 << bit):
                cpus.append(word * word_bits + bit)
    return [cpu for cpu in cpus if cpu < NR_CPUS_MAX]


def online_cpus():
    return _cpus_in("__cpu_online_mask")


def cpu_current(cpu):
    """The task running on cpu, from its per-CPU pcpu_hot."""
    return per_cpu("pcpu_hot", cpu)["current_task"]


# --- tasks -----------------------------------------------------------------

# The kernel's values (include/kernel/sched.h) and letters (task_state_to_char()
# in kernel/sched/debug.c).  Read from the symbols would be nicer, but they
# are #defines, which -g does not keep.
TASK_RUNNING = 0x0
TASK_INTERRUPTIBLE = 0x1
TASK_UNINTERRUPTIBLE = 0x2
TASK_STOPPED = 0x4
TASK_PARKED = 0x40
TASK_DEAD = 0x80
TASK_WAKING = 0x200
TASK_NOLOAD = 0x400
TASK_NEW = 0x800
TASK_FROZEN = 0x8000
# THREAD_SIZE of arch/x86_64/include/asm/page.h: PAGE_SIZE << 2.
THREAD_SIZE = 16384


def state_letter(state):
    if state in (TASK_RUNNING, TASK_WAKING):
        return "R"
    for bit, letter in ((TASK_FROZEN, "F"), (TASK_PARKED, "P"), (TASK_DEAD, "X"),
                        (TASK_NEW, "N"), (TASK_STOPPED, "T")):
        if state & bit:
            return letter
    if state & TASK_UNINTERRUPTIBLE and state & TASK_NOLOAD:
        return "I"
    if state & TASK_UNINTERRUPTIBLE:
        return "D"
    return "S"


def task_comm(task):
    return task["comm"].string(length=16).split("\0")[0]


def all_tasks():
    """The task list (kernel/fork.c), then any idle task not on it."""
    seen = set()
    head = gdb.parse_and_eval("task_list")
    for task in list_entries(head, "struct task_struct", "tasks"):
        seen.add(int(task))
        yield task
    for cpu in online_cpus():
        idle = per_cpu("runqueues", cpu)["idle"]
        if int(idle) not in seen:
            yield idle


def find_task(spec):
    """A task by pid (a number) or by name."""
    for task in all_tasks():
        if spec.isdigit() and int(task["pid"]) == int(spec):
            if int(spec) != 0:
                return task
        elif task_comm(task) == spec:
            return task
    raise gdb.GdbError(f"no task {spec}")


def running_on(task):
    """The CPU task runs on now, or None."""
    for cpu in online_cpus():
        if int(cpu_current(cpu)) == int(task):
            return cpu
    return None


# --- symbols and frames ----------------------------------------------------

def describe(address, is_return=True):
    """function+0xoff, then file:line, for an address, as the kernel's
    reports name it: the function is the ELF symbol (the one kallsyms
    has), not an inlined function that GDB's blocks would name; for a
    return address the line is that of the call, just before it."""
    text = gdb.execute(f"info symbol {address:#x}", to_string=True).strip()
    match = re.match(r"^(\S+)(?: \+ (\d+))? in section", text)
    name = f"{match.group(1)}+{int(match.group(2) or 0):#x}" if match else "?"
    line = gdb.find_pc_line(address - 1 if is_return else address)
    where = f" at {line.symtab.filename}:{line.line}" if line.symtab is not None else ""
    return f"{address:#018x} {name}{where}"


def read_ulong(address):
    ulong = _type("unsigned long")
    return int(gdb.Value(address).cast(ulong.pointer()).dereference())


def task_backtrace(task, max_frames=64):
    """Return addresses of a task that is not running, innermost first.

    At task->thread_sp lies the struct inactive_task_frame that
    __switch_to_asm pushed (arch/x86_64/include/asm/switch_to.h): the
    callee-saved registers, then the return address into the function that
    switched.  From its saved RBP the frame-pointer chain goes on, each
    frame being [saved RBP][return address], staying on the task's stack.
    """
    frame_type = _type("struct inactive_task_frame")
    stack = int(task["stack"])
    stack_end = stack + THREAD_SIZE
    sp = int(task["thread_sp"])
    if not stack <= sp < stack_end:
        raise gdb.GdbError(f"saved stack pointer {sp:#x} is off the task's stack")
    frame = gdb.Value(sp).cast(frame_type.pointer()).dereference()
    addresses = [int(frame["return_address"])]
    rbp = int(frame["rbp"])
    while rbp and len(addresses) < max_frames:
        if not stack <= rbp <= stack_end - 16 or rbp % 8:
            break
        return_address = read_ulong(rbp + 8)
        if not return_address:
            break
        addresses.append(return_address)
        next_rbp = read_ulong(rbp)
        if next_rbp and next_rbp <= rbp:
            break
        rbp = next_rbp
    return addresses


# --- commands --------------------------------------------------------------

class LxPs(gdb.Command):
    """List every task: pid, state letter, CPU, name, and task address.

lx-ps
State letters are the kernel's (R running or runnable, S sleeping, D
uninterruptible, I idle wait, P parked, N new, F frozen, X dead).  A `>'
marks a task running on its CPU now.  Idle tasks have pid 0."""

    def __init__(self):
        super().__init__("lx-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        running = {int(cpu_current(cpu)): cpu for cpu in online_cpus()}
        gdb.write(f"{'PID':>5} {'ST':2} {'CPU':>3}  {'TASK':18}  COMM\n")
        for task in all_tasks():
            marker = ">" if int(task) in running else " "
            state = state_letter(int(task["__state"]))
            gdb.write(f"{int(task['pid']):>5} {state:2} {int(task['cpu']):>3}{marker} "
                      f"{int(task):#018x}  {task_comm(task)}\n")


class LxBt(gdb.Command):
    """Call trace of a task that is not running, from its saved context.

lx-bt PID|NAME
Unwinds from the frame the context switch left at task->thread_sp, as
the hung-task report does.  For a task running now, use `bt' on its CPU
(`info threads', `thread N')."""

    def __init__(self):
        super().__init__("lx-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        spec = arg.strip()
        if not spec:
            raise gdb.GdbError("usage: lx-bt PID|NAME")
        task = find_task(spec)
        cpu = running_on(task)
        gdb.write(f"task {task_comm(task)} pid {int(task['pid'])} state "
                  f"{state_letter(int(task['__state']))}\n")
        if cpu is not None:
            gdb.write(f"running on CPU {cpu}: its saved context is stale; use `bt' "
                      f"on that CPU's thread\n")
            return
        for number, address in enumerate(task_backtrace(task)):
            gdb.write(f"#{number:<2} {describe(address)}\n")


class LxRunq(gdb.Command):
    """Show a CPU's run queue: the running task, then those waiting, in order.

lx-runq [CPU]
Without CPU, every online CPU."""

    def __init__(self):
        super().__init__("lx-runq", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        cpus = [int(arg)] if arg.strip() else online_cpus()
        for cpu in cpus:
            rq = per_cpu("runqueues", cpu)
            curr = rq["curr"]
            gdb.write(f"CPU {cpu}: nr_queued {int(rq['nr_queued'])}, "
                      f"switches {int(rq['nr_switches'])}\n")
            gdb.write(f"  curr {int(curr['pid']):>5} {task_comm(curr)}\n")
            for task in list_entries(rq["queue"], "struct task_struct", "run_list"):
                gdb.write(f"  wait {int(task['pid']):>5} {task_comm(task)}\n")


class LxCurrent(gdb.Command):
    """The task running on each online CPU (its per-CPU `current').

lx-current"""

    def __init__(self):
        super().__init__("lx-current", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        for cpu in online_cpus():
            task = cpu_current(cpu)
            gdb.write(f"CPU {cpu}: {task_comm(task)} pid {int(task['pid'])} "
                      f"({int(task):#x})\n")


class LxCurrentFunction(gdb.Function):
    """$lx_current([CPU]): the task running on CPU (default 0)."""

    def __init__(self):
        super().__init__("lx_current")

    def invoke(self, cpu=0):
        return cpu_current(int(cpu))


LxPs()
LxBt()
LxRunq()
LxCurrent()
LxCurrentFunction()
