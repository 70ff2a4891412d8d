"""Run one command and report its wall time and rusage: ``launch.py RESULT -- ARGV...``.

Started as ``python -I -S`` so it is small: a process's ``ru_maxrss`` starts
at the size of the process it was forked from, so the command is forked from
this ~8 MB launcher, not from the benchmark (which has briefgen and the
profiler loaded). It writes "seconds exit maxrss_kib user system machine" to
RESULT, where machine is the CPU time every process on the machine used
(busy, from /proc/stat) over the same interval.
"""

import os
import sys
import time


def machine_busy() -> float:
    try:
        with open("/proc/stat") as handle:
            ticks = [int(v) for v in handle.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    result, argv = sys.argv[1], sys.argv[3:]
    busy = machine_busy()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        except OSError as exc:
            os.write(2, f"launch: cannot run {argv[0]}: {exc}\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    busy = machine_busy() - busy
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w") as handle:
        handle.write(f"{seconds!r} {code} {usage.ru_maxrss} {usage.ru_utime!r} "
                     f"{usage.ru_stime!r} {busy!r}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
