#!/usr/bin/env python3
"""Runs npg's benchmark suite, one process per (workload, column, threads),
and writes bench/results/results.json and results.md.

Usage: python3 bench/run_bench.py [--build BUILD] [--out DIR] [--threads 1,2]
                                  [--reps N] [--min-time S] [--filter REGEX]
                                  [--latency-runs N] [--quick]

The benchmark programs (built by `ninja npg_benchmarks`) are Google Benchmark
binaries; this script lists their benchmarks, runs each alone with
--benchmark_filter, and reads the per-repetition times from their JSON.
"""
import argparse
import resource
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

PROGRAMS = ["npg_bench", "npg_bench_torch", "npg_bench_native"]
# A process during which other work kept this many cores busy is not quiet.
OTHER_LOAD_LIMIT = 0.15
COLUMNS = ["npg_eager", "npg_compiled", "torch", "loop", "machine"]
COLUMN_TITLES = {
    "npg_eager": "npg eager",
    "npg_compiled": "npg compiled",
    "torch": "LibTorch eager",
    "loop": "C++ loop (-O3 -march=native)",
    "machine": "machine limit",
}
PEERS = ["npg_eager", "npg_compiled", "torch"]

F32_4M = 4 * 1024 * 1024


def pinwheel_flops():
    b, i, h, o = 512, 2, 64, 5
    forward = 2 * b * (i * h + h * h + h * o)
    weight_grads = forward
    input_grads = 2 * b * (h * h + h * o)  # layers 2 and 3
    return forward + weight_grads + input_grads


def gmm_flops(d, K, n=1000):
    return 4.0 * K * n * d * d


# Each row: title, and how its machine limit is computed: ("bytes", n) at the
# DRAM triad bandwidth, ("l3bytes", n) at the bandwidth of the L3-resident
# triad (rows whose whole working set, 16 MiB, stays in the 32 MiB L3 from
# one iteration to the next), or ("sflops"/"dflops", n) at the GEMM rate.
ROWS = {
    "w1_perop_nograd": ("1. per-op overhead, no grad (10,000 ops on 16 f32)", None),
    "w1_perop_grad": ("1. per-op overhead, recording grad", None),
    "w2_mul_add": ("2. a*b + c, 4M f32", ("bytes", 16 * F32_4M)),
    "w3_chain_fwd": ("3. fused chain, forward, 4M f32", ("l3bytes", 4 * F32_4M)),
    "w3_chain_fwdbwd": ("3. fused chain, forward+backward", ("bytes", 8 * F32_4M)),
    "w4_bcast_fwdbwd": ("4. sum((X*w+b)^2) fwd+bwd, X 4096x1024 f32",
                        ("l3bytes", 4 * 4096 * 1024)),
    "w5_pinwheel_step": ("5. pinwheel MLP training step (batch 512)",
                         ("sflops", pinwheel_flops())),
    "w6_gmm_d2_K5": ("6. GMM objective+gradient, d=2 K=5 n=1000 f64",
                     ("dflops", gmm_flops(2, 5))),
    "w6_gmm_d10_K25": ("6. GMM, d=10 K=25", ("dflops", gmm_flops(10, 25))),
    "w6_gmm_d64_K100": ("6. GMM, d=64 K=100", ("dflops", gmm_flops(64, 100))),
}
LATENCY_ROWS = {
    "w7_compile_chain": "chain (workload 3), value and gradient",
    "w7_compile_pinwheel_loss": "pinwheel loss and gradient (workload 5)",
    "w7_compile_gmm_d2_K5": "GMM d=2 K=5 (workload 6)",
    "w7_compile_gmm_d10_K25": "GMM d=10 K=25",
    "w7_compile_gmm_d64_K100": "GMM d=64 K=100",
}


def busy_processes():
    """Compilers and ninjas running right now (other people's builds)."""
    busy = []
    for name in ["ninja", "cc1plus", "cc1", "ld", "collect2", "mlir-tblgen"]:
        r = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True)
        busy += [name] * len(r.stdout.split())
    return busy


def cpu_busy_seconds():
    """CPU seconds the whole machine has spent busy since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def machine_load(seconds=1.0):
    """Cores kept busy by anything, sampled over `seconds`."""
    before = cpu_busy_seconds()
    time.sleep(seconds)
    return (cpu_busy_seconds() - before) / seconds


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def snapshot(build, programs, into):
    """Copies the benchmark programs and the libnpg they load into `into`, so
    that a rebuild in a shared build directory (which relinks libnpg.so under
    running processes) cannot change or crash a run half-way. Returns the
    LD_LIBRARY_PATH that makes the copies load the copied libnpg (the
    programs use RUNPATH, which LD_LIBRARY_PATH overrides)."""
    lib = os.path.join(into, "lib")
    os.makedirs(lib, exist_ok=True)
    copies = []
    for prog in programs:
        binary = os.path.join(build, "bench", prog)
        if not os.path.exists(binary):
            print(f"note: {binary} not built; its columns are skipped", file=sys.stderr)
            continue
        shutil.copy2(binary, into)
        copies.append(os.path.join(into, prog))
        ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
        for line in ldd.splitlines():
            m = re.match(r"\s*(libnpg\S*) => (\S+)", line)
            if m and not os.path.exists(os.path.join(lib, m.group(1))):
                shutil.copy2(os.path.realpath(m.group(2)), os.path.join(lib, m.group(1)))
    return copies, lib


def list_benchmarks(binary):
    r = subprocess.run([binary, "--benchmark_list_tests=true"],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{binary} --benchmark_list_tests failed: {r.stderr}")
    return [line.strip() for line in r.stdout.splitlines() if line.strip()]


def wait_for_quiet(limit_s):
    """Waits up to `limit_s` seconds until no compiler or ninja runs and the
    machine is idle (under 0.15 cores busy over a second)."""
    deadline = time.time() + limit_s
    while time.time() < deadline:
        if not busy_processes() and machine_load(1.0) < 0.15:
            return
        time.sleep(1)


def run_one(binary, name, threads, args, log):
    if args.wait_quiet > 0:
        wait_for_quiet(args.wait_quiet)
    env = dict(os.environ)
    if args.lib_path:
        env["LD_LIBRARY_PATH"] = args.lib_path + (
            ":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    for var in ["NPG_BENCH_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                "MKL_NUM_THREADS"]:
        env[var] = str(threads)
    latency = name.startswith("w7_")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    cmd = [binary, f"--benchmark_filter=^{re.escape(name)}$",
           f"--benchmark_out={out}", "--benchmark_out_format=json",
           "--benchmark_format=console"]
    if not latency:
        cmd += [f"--benchmark_repetitions={args.reps}",
                f"--benchmark_min_time={args.min_time}",
                f"--benchmark_min_warmup_time={args.warmup}"]
    busy_before = busy_processes()
    load_before = loadavg()
    cpu_before, children_before = cpu_busy_seconds(), children_cpu_seconds()
    start = time.time()
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True,
                           timeout=args.timeout)
        rc, stderr = r.returncode, r.stderr
    except subprocess.TimeoutExpired as e:
        rc, stderr = None, (e.stderr or b"").decode(errors="replace") \
            if isinstance(e.stderr, bytes) else (e.stderr or "")
    wall = time.time() - start
    # Cores that something other than this benchmark kept busy meanwhile.
    other = ((cpu_busy_seconds() - cpu_before)
             - (children_cpu_seconds() - children_before)) / max(wall, 1e-9)
    other = max(0.0, other)
    busy_after = busy_processes()
    result = {
        "name": name, "row": name.split("/")[0], "column": name.split("/")[1],
        "threads": threads, "program": os.path.basename(binary),
        "wall_s": round(wall, 2), "loadavg_before": load_before,
        "other_load_cores": round(other, 3),
        "busy_before": busy_before, "busy_after": busy_after,
    }
    data = None
    if os.path.exists(out) and os.path.getsize(out) > 0:
        try:
            with open(out) as f:
                data = json.load(f)
        except json.JSONDecodeError:
            data = None
    os.unlink(out)
    if rc is None:
        result["error"] = f"timed out after {args.timeout} s"
    elif rc != 0 or data is None:
        how = (f"killed by {signal.Signals(-rc).name}" if rc < 0
               else f"exit code {rc}")
        # Google Benchmark's banner is not the story; the program's own last
        # words (an exception's what(), a failed assertion) are.
        banner = re.compile(r"^(\d{4}-\d\d-\d\dT|Running |Run on |CPU Caches|"
                            r"  L\d |Load Average|npg_bench_threads|\*\*\*WARNING|-{5,}|"
                            r"Benchmark +Time)")
        words = [l for l in stderr.strip().splitlines() if l and not banner.match(l)]
        tail = " | ".join(words[-2:])
        result["error"] = f"crashed ({how}){': ' + tail if tail else ''}"
    else:
        runs = [b for b in data["benchmarks"] if b.get("run_type") == "iteration"]
        errors = [b.get("error_message", "") for b in runs if b.get("error_occurred")]
        if errors:
            result["error"] = errors[0]
        elif not runs:
            result["error"] = "no runs reported"
        else:
            scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
            times = [b["real_time"] * scale[b["time_unit"]] for b in runs]
            result["times_ms"] = times
            result["median_ms"] = statistics.median(times)
            result["min_ms"] = min(times)
            result["max_ms"] = max(times)
            result["iterations"] = runs[0]["iterations"]
            skip = {"name", "family_index", "per_family_instance_index",
                    "run_name", "run_type", "repetitions", "repetition_index",
                    "threads", "iterations", "real_time", "cpu_time",
                    "time_unit", "error_occurred", "error_message"}
            counters = {}
            for key in runs[0]:
                if key not in skip and isinstance(runs[0][key], (int, float)):
                    counters[key] = statistics.median(b[key] for b in runs)
            result["counters"] = counters
    status = (f"{result['median_ms']:.4g} ms" if "median_ms" in result
              else f"n/a ({result['error']})")
    busy = "" if not (busy_before or busy_after) else \
        f"  [busy: {','.join(sorted(set(busy_before + busy_after)))}]"
    if other >= OTHER_LOAD_LIMIT:
        busy += f"  [other load {other:.2f} cores]"
    print(f"  {name:42s} threads={threads}  {status[:110]}{busy}", file=log,
          flush=True)
    return result


def merge_latency(runs):
    """Median of each counter over the fresh processes of a latency row."""
    ok = [r for r in runs if "counters" in r]
    merged = dict(runs[0])
    merged["processes"] = len(runs)
    if not ok:
        return merged
    merged.pop("error", None)
    merged["counters"] = {k: statistics.median(r["counters"][k] for r in ok)
                          for k in ok[0]["counters"]}
    merged["per_process"] = [r["counters"] for r in ok]
    merged["median_ms"] = merged["counters"].get("cold_latency_ms")
    merged["other_load_cores"] = max(r["other_load_cores"] for r in runs)
    merged["busy_before"] = sum((r["busy_before"] for r in runs), [])
    merged["busy_after"] = sum((r["busy_after"] for r in runs), [])
    return merged


# --- Reporting -------------------------------------------------------------------


def fmt_ms(ms):
    if ms is None:
        return "n/a"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 1:
        return f"{ms:.2f} ms"
    if ms >= 0.001:
        return f"{ms * 1000:.1f} µs"
    return f"{ms * 1e6:.0f} ns"


def short_error(msg, limit=90):
    msg = " ".join(msg.split())
    return msg if len(msg) <= limit else msg[:limit - 1] + "…"


class Table:
    """The results of one thread setting, by row and column."""

    def __init__(self, results, threads):
        self.threads = threads
        self.cells = {}
        for r in results:
            if r["threads"] == threads:
                self.cells[(r["row"], r["column"])] = r

    def get(self, row, col):
        return self.cells.get((row, col))

    def time(self, row, col):
        r = self.get(row, col)
        return r.get("median_ms") if r else None

    def triad_gbps(self, which="limit_triad"):
        r = self.get(which, "machine")
        if not r or "median_ms" not in r:
            return None
        return r["counters"]["bytes_per_iter"] / (r["median_ms"] * 1e-3) / 1e9

    def gemm_gflops(self, which):
        r = self.get(f"limit_{which}", "machine")
        if not r or "median_ms" not in r:
            return None
        return r["counters"]["flops_per_iter"] / (r["median_ms"] * 1e-3) / 1e9

    def limit_ms(self, row):
        spec = ROWS[row][1]
        if spec is None:
            return None, ""
        kind, amount = spec
        if kind in ("bytes", "l3bytes"):
            bw = self.triad_gbps("limit_triad" if kind == "bytes" else "limit_triad_l3")
            where = "DRAM" if kind == "bytes" else "L3"
            return (amount / (bw * 1e9) * 1e3 if bw else None,
                    f"{amount / 2**20:.0f} MiB at {where} triad {bw:.1f} GB/s" if bw else "")
        rate = self.gemm_gflops("sgemm" if kind == "sflops" else "dgemm")
        return (amount / (rate * 1e9) * 1e3 if rate else None,
                f"{amount / 1e6:.1f} MFLOP at {'s' if kind == 'sflops' else 'd'}gemm "
                f"{rate:.0f} GFLOP/s" if rate else "")

    def best_peer(self, row):
        times = [self.time(row, c) for c in PEERS]
        times = [t for t in times if t is not None]
        return min(times) if times else None


def noisy(r):
    """Whether another compiler/ninja ran, or other work kept the machine
    busy, while this row's process ran."""
    return bool(r and (r.get("busy_before") or r.get("busy_after")
                       or r.get("other_load_cores", 0) >= OTHER_LOAD_LIMIT))


def per_op(ms):
    return ms * 1e6 / 10000 if ms is not None else None


def cell(table, row, col):
    r = table.get(row, col)
    if r is None:
        return "—"
    if "median_ms" not in r or r["median_ms"] is None:
        return f"n/a ({short_error(r.get('error', 'no result'))})"
    t = r["median_ms"]
    if row.startswith("w1_"):
        text = f"{per_op(t):.0f} ns/op"
    else:
        text = fmt_ms(t)
    notes = []
    if col in PEERS:
        best = table.best_peer(row)
        notes.append("best" if abs(t - best) < 1e-12 else f"{t / best:.2f}× best")
        loop = table.time(row, "loop")
        if loop:
            notes.append(f"{t / loop:.2f}× loop")
        lim, _ = table.limit_ms(row)
        if lim:
            notes.append(f"{t / lim:.1f}× limit")
    elif col == "loop":
        lim, _ = table.limit_ms(row)
        if lim:
            notes.append(f"{t / lim:.2f}× limit")
    busy = " †" if noisy(r) else ""
    return text + (f" ({'; '.join(notes)})" if notes else "") + busy


def machine_cell(table, row):
    lim, how = table.limit_ms(row)
    if lim is None:
        return "—"
    kind = ROWS[row][1][0]
    source = table.get({"bytes": "limit_triad", "l3bytes": "limit_triad_l3",
                        "sflops": "limit_sgemm", "dflops": "limit_dgemm"}[kind],
                       "machine")
    busy = " †" if noisy(source) else ""
    return f"{fmt_ms(lim)} ({how}){busy}"


def main_table(table):
    lines = ["| workload | " + " | ".join(COLUMN_TITLES[c] for c in COLUMNS) + " |",
             "|---" * (len(COLUMNS) + 1) + "|"]
    for row, (title, _) in ROWS.items():
        cells = [cell(table, row, c) for c in COLUMNS[:-1]]
        cells.append(machine_cell(table, row))
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return lines


def rss_table(table):
    lines = ["| workload | " + " | ".join(COLUMN_TITLES[c] for c in COLUMNS[:-1]) + " |",
             "|---" * len(COLUMNS) + "|"]
    for row, (title, _) in ROWS.items():
        cells = []
        for c in COLUMNS[:-1]:
            r = table.get(row, c)
            if not r or "counters" not in r:
                cells.append("—")
                continue
            k = r["counters"]
            cells.append(f"{k['rss_peak_mib']:.0f} (+{k['rss_peak_mib'] - k['rss_base_mib']:.0f})"
                         f", {k.get('faults_per_iter', 0):.0f} faults/iter")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return lines


def latency_table(results):
    lines = ["| compiled function | eager call | first call, fresh process | "
             "**latency** (first − eager) | first call of a 2nd compile, same process | "
             "latency, warm process | cache-hit call | compile_ms (stats) |",
             "|---|---|---|---|---|---|---|---|"]
    for row, title in LATENCY_ROWS.items():
        r = next((x for x in results if x["row"] == row), None)
        if r is None:
            lines.append(f"| {title} | — | — | — | — | — | — | — |")
            continue
        if "counters" not in r:
            lines.append(f"| {title} | n/a ({short_error(r.get('error', ''), 120)}) "
                         "| | | | | | |")
            continue
        k = r["counters"]
        lines.append(
            f"| {title} | {fmt_ms(k['eager_ms'])} | {fmt_ms(k['cold_first_call_ms'])} | "
            f"**{fmt_ms(k['cold_latency_ms'])}** | {fmt_ms(k['warm_first_call_ms'])} | "
            f"{fmt_ms(k['warm_latency_ms'])} | {fmt_ms(k['cache_hit_ms'])} | "
            f"{fmt_ms(k['stats_compile_ms'])} |")
    return lines


def targets(table, results):
    """Issue 6's targets (and issue 4's performance targets), evaluated."""
    out = []

    def add(target, status, figure):
        out.append((target, status, figure))

    def t(row, col):
        return table.time(row, col)

    def why(row, col):
        r = table.get(row, col)
        if r is None:
            return "not run"
        return short_error(r.get("error", "no result"), 70)

    for row, what in [("w1_perop_nograd", "no grad"), ("w1_perop_grad", "recording grad")]:
        n, tt = t(row, "npg_eager"), t(row, "torch")
        if n and tt:
            add(f"1 ({what}): npg eager per-op ≤ ½ LibTorch's",
                "met" if n <= 0.5 * tt else "not met",
                f"{per_op(n):.0f} vs {per_op(tt):.0f} ns/op ({n / tt:.2f}×)")
        else:
            add(f"1 ({what}): npg eager per-op ≤ ½ LibTorch's", "not available",
                why(row, "npg_eager" if not n else "torch"))
    for row, what in [("w2_mul_add", "2"), ("w3_chain_fwd", "3 fwd"),
                      ("w3_chain_fwdbwd", "3 fwd+bwd")]:
        n, tt = t(row, "npg_eager"), t(row, "torch")
        if n and tt:
            add(f"{what} eager: within 1.2× of LibTorch", "met" if n <= 1.2 * tt else "not met",
                f"{fmt_ms(n)} vs {fmt_ms(tt)} ({n / tt:.2f}×)")
        else:
            add(f"{what} eager: within 1.2× of LibTorch", "not available",
                why(row, "npg_eager" if not n else "torch"))
    for row, what in [("w3_chain_fwd", "3 fwd"), ("w3_chain_fwdbwd", "3 fwd+bwd")]:
        c, loop, tt = t(row, "npg_compiled"), t(row, "loop"), t(row, "torch")
        if c and loop:
            add(f"{what} compiled: within 1.25× of the C++ loop",
                "met" if c <= 1.25 * loop else "not met",
                f"{fmt_ms(c)} vs {fmt_ms(loop)} ({c / loop:.2f}×)")
        else:
            add(f"{what} compiled: within 1.25× of the C++ loop", "not available",
                why(row, "npg_compiled"))
        if c and tt:
            add(f"{what} compiled: ≥ 3× faster than LibTorch",
                "met" if tt >= 3 * c else "not met",
                f"{fmt_ms(c)} vs {fmt_ms(tt)} ({tt / c:.2f}× faster)")
        else:
            add(f"{what} compiled: ≥ 3× faster than LibTorch", "not available",
                why(row, "npg_compiled"))
    for row in ["w4_bcast_fwdbwd", "w5_pinwheel_step", "w6_gmm_d2_K5",
                "w6_gmm_d10_K25", "w6_gmm_d64_K100"]:
        c, tt = t(row, "npg_compiled"), t(row, "torch")
        name = ROWS[row][0].split(",")[0] if row.startswith("w6") else ROWS[row][0]
        label = f"{row.split('_')[0][1]} ({row[3:]}): compiled faster than LibTorch"
        if c and tt:
            add(label, "met" if c < tt else "not met",
                f"{fmt_ms(c)} vs {fmt_ms(tt)} ({tt / c:.2f}× {'faster' if c < tt else 'as fast'})")
        else:
            add(label, "not available", why(row, "npg_compiled"))
    for row, limit in [("w7_compile_chain", 300), ("w7_compile_pinwheel_loss", 300),
                       ("w7_compile_gmm_d2_K5", 1000), ("w7_compile_gmm_d10_K25", 1000),
                       ("w7_compile_gmm_d64_K100", 1000)]:
        r = next((x for x in results if x["row"] == row), None)
        label = f"7 ({row[len('w7_compile_'):]}): compile latency < {limit} ms"
        if r and "counters" in r:
            lat = r["counters"]["cold_latency_ms"]
            add(label, "met" if lat < limit else "not met", f"{fmt_ms(lat)} (fresh process)")
        else:
            add(label, "not available", short_error(r.get("error", "not run"), 70) if r else "not run")
    # Issue 4's performance figures, measured by the same rows.
    e, c = t("w3_chain_fwd", "npg_eager"), t("w3_chain_fwd", "npg_compiled")
    add("(issue 4) chain compiled ≥ 4× faster than eager",
        ("met" if e >= 4 * c else "not met") if e and c else "not available",
        f"{e / c:.2f}×" if e and c else why("w3_chain_fwd", "npg_compiled"))
    e, c = t("w4_bcast_fwdbwd", "npg_eager"), t("w4_bcast_fwdbwd", "npg_compiled")
    add("(issue 4) sum((X*w+b)^2) fwd+bwd compiled ≥ 3× faster than eager",
        ("met" if e >= 3 * c else "not met") if e and c else "not available",
        f"{e / c:.2f}×" if e and c else why("w4_bcast_fwdbwd", "npg_compiled"))
    return out


def write_markdown(path, meta, results, thread_settings):
    lines = ["# npg benchmark results", "",
             f"Generated by `bash scripts/bench.sh` on {meta['date']} at commit "
             f"`{meta['commit']}`{' (with uncommitted changes)' if meta['dirty'] else ''}.",
             f"Machine: {meta['cpu']}, {meta['cores']} cores. "
             f"{meta['settings']}", "",
             f"**Quietness:** {meta['quiet']}", "",
             "Times are medians over repetitions, each in its own process. In each cell: "
             "ratio to the best of the three library columns (npg eager, npg compiled, "
             "LibTorch), to the hand-written loop, and to the machine limit "
             "(bytes at the triad bandwidth, or GEMM FLOPs at OpenBLAS's rate). "
             "Per-op rows are in ns per op. n/a cells give the reason. "
             "† marks a cell whose process was not alone: another compiler or ninja ran, "
             f"or other work kept ≥ {OTHER_LOAD_LIMIT} cores busy.", ""]
    for threads in thread_settings:
        table = Table(results, threads)
        label = "1 thread" if threads == 1 else f"{threads} threads (all cores)"
        lims = []
        for key, what in [("limit_triad", "DRAM triad"), ("limit_triad_l3", "L3 triad")]:
            bw = table.triad_gbps(key)
            lims.append(f"{what} {bw:.1f} GB/s" if bw else f"{what} n/a")
        for which in ["sgemm", "dgemm"]:
            rate = table.gemm_gflops(which)
            lims.append(f"{which} (2048³) {rate:.0f} GFLOP/s" if rate else f"{which} n/a")
        lines += [f"## {label}", ""] + main_table(table) + [
            "", f"Machine limits measured in this run: {', '.join(lims)}.", ""]
    lines += ["## Compile latency (workload 7, 1 thread)", "",
              f"Median of {meta['latency_runs']} fresh processes. The first call "
              "traces (running the function eagerly) and compiles; latency is that "
              "call minus an eager call of the same function.", ""]
    lines += latency_table(results) + [""]
    table1 = Table(results, 1)
    lines += ["## Targets (issue 6, and issue 4's performance figures), 1 thread", "",
              "| target | status | figure |", "|---|---|---|"]
    for target, status, figure in targets(table1, results):
        lines.append(f"| {target} | {status} | {figure} |")
    for threads in thread_settings:
        label = "1 thread" if threads == 1 else f"{threads} threads"
        lines += ["", f"## Peak RSS and page faults, {label}", "",
                  "Peak RSS of each column's process in MiB (in parentheses: above the "
                  "RSS at the start of main(), i.e. the libraries' share excluded), and "
                  "minor page faults per iteration (a fault per 4 KiB page: 4,096 per "
                  "16 MiB buffer taken fresh from the kernel).", ""]
        lines += rss_table(Table(results, threads))
    lines.append("")
    with open(path, "w") as f:
        f.write("\n".join(lines))


def git(*args):
    r = subprocess.run(["git", *args], capture_output=True, text=True,
                       cwd=os.path.dirname(os.path.abspath(__file__)))
    return r.stdout.strip()


def cpu_name():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.environ.get("NPG_BUILD_DIR", os.path.join(root, "build")))
    p.add_argument("--out", default=os.path.join(here, "results"))
    p.add_argument("--threads", default="1,all",
                   help="comma-separated thread counts; 'all' = every core")
    p.add_argument("--reps", type=int, default=9, help="repetitions per benchmark")
    p.add_argument("--min-time", type=float, default=0.2,
                   help="minimum seconds per repetition")
    p.add_argument("--warmup", type=float, default=0.2, help="warm-up seconds")
    p.add_argument("--latency-runs", type=int, default=5,
                   help="fresh processes per compile-latency row")
    p.add_argument("--timeout", type=float, default=300, help="seconds per process")
    p.add_argument("--filter", default="", help="regex on benchmark names")
    p.add_argument("--wait-quiet", type=float, default=0, metavar="S",
                   help="before each process, wait up to S seconds until no "
                        "compiler or ninja is running")
    p.add_argument("--report-only", action="store_true",
                   help="rewrite results.md from the results.json in --out")
    p.add_argument("--quick", action="store_true",
                   help="3 repetitions of 0.03 s: for trying the harness")
    args = p.parse_args()
    if args.report_only:
        with open(os.path.join(args.out, "results.json")) as f:
            saved = json.load(f)
        write_markdown(os.path.join(args.out, "results.md"), saved["meta"],
                       saved["results"], saved["meta"]["threads"])
        return
    if args.quick:
        args.reps, args.min_time, args.warmup, args.latency_runs = 3, 0.03, 0.02, 1

    cores = os.cpu_count() or 1
    thread_settings = []
    for t in args.threads.split(","):
        n = cores if t.strip() == "all" else int(t)
        if n not in thread_settings:
            thread_settings.append(n)

    snap = tempfile.mkdtemp(prefix="npg-bench-")
    binaries, args.lib_path = snapshot(args.build, PROGRAMS, snap)
    os.environ["LD_LIBRARY_PATH"] = args.lib_path  # for list_benchmarks
    benchmarks = []  # (binary, name)
    for binary in binaries:
        benchmarks += [(binary, n) for n in list_benchmarks(binary)]
    if args.filter:
        rx = re.compile(args.filter)
        benchmarks = [b for b in benchmarks if rx.search(b[1])]
    # Limits first, so that a run's progress lines can be read as it goes.
    benchmarks.sort(key=lambda b: (not b[1].startswith("limit_"), b[1]))

    started = time.time()
    results = []
    for threads in thread_settings:
        print(f"threads = {threads}", flush=True)
        for binary, name in benchmarks:
            if name.startswith("w7_"):
                if threads != thread_settings[0]:
                    continue
                runs = [run_one(binary, name, threads, args, sys.stdout)
                        for _ in range(args.latency_runs)]
                results.append(merge_latency(runs))
            else:
                results.append(run_one(binary, name, threads, args, sys.stdout))
    elapsed = time.time() - started
    shutil.rmtree(snap, ignore_errors=True)

    processes = sum(r.get("processes", 1) for r in results)
    busy = [r for r in results if noisy(r)]
    busy_names = sorted({b for r in busy for b in r["busy_before"] + r["busy_after"]})
    others = [r["other_load_cores"] for r in results]
    quiet = (f"{len(results) - len(busy)} of {len(results)} rows ran alone: no other "
             f"compiler or ninja before or after their process, and other work kept "
             f"under {OTHER_LOAD_LIMIT} cores busy while it ran"
             + (f" ({len(busy)} did not" + (f"; seen: {', '.join(busy_names)}" if busy_names else "")
                + ")" if busy else "")
             + f". Other work's load while the benchmarks ran: median "
             f"{statistics.median(others):.2f} cores, max {max(others):.2f} (of {cores}).")
    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "cpu": cpu_name(), "cores": cores,
        "threads": thread_settings, "reps": args.reps, "min_time_s": args.min_time,
        "warmup_s": args.warmup, "latency_runs": args.latency_runs,
        "elapsed_s": round(elapsed), "processes": processes, "quiet": quiet,
        "settings": (f"{args.reps} repetitions of ≥ {args.min_time} s after "
                     f"{args.warmup} s of warm-up per benchmark; {processes} processes; "
                     f"the run took {elapsed / 60:.1f} min."),
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)
    write_markdown(os.path.join(args.out, "results.md"), meta, results, thread_settings)
    print(f"wrote {os.path.join(args.out, 'results.md')} and results.json "
          f"({elapsed / 60:.1f} min). {quiet}")


if __name__ == "__main__":
    main()
