"""Throughput of corpus-lint's default rules, and of datatrove's quality filters.

    python benchmarks/throughput.py BENCH_DIR [--mb 50] [--jobs 1 2] [--skip-datatrove]
                                             [--datatrove-mb MB] [--rounds 3]
                                             [--out DIR] [--json FILE]

BENCH_DIR is a folder with ``docs/*.txt`` (the shared boilerplate bench).  The
script

1. builds (once, cached in ``--out``) a JSONL corpus of ``--mb`` megabytes of
   text whose documents are made of paragraphs and sentences shuffled across
   the bench pages (``benchmarks/_corpus.py``);
2. runs the real CLI, ``corpus-lint CORPUS --format json -o REPORT --jobs N``,
   in a subprocess for every ``--jobs`` value (each with a fresh signature store,
   ``--cache-dir``), and measures wall time, documents/s, MB/s, CPU time and
   peak memory (the child's max RSS from ``wait4``, and with psutil the peak RSS
   of the whole process tree, workers included);
3. measures start-up: the median wall time of ``corpus-lint SMALL_FILE``;
4. times datatrove's GopherRepetitionFilter, GopherQualityFilter,
   C4QualityFilter and FineWebQualityFilter in this process over the same
   documents (all of them; ``--datatrove-mb`` times an evenly spaced sample of
   about that many megabytes instead, a quicker estimate), and prints the ratio;
5. with ``--rounds N``, alternates corpus-lint ``--jobs 1`` and datatrove N times and
   takes the median of the rounds' ratios (a virtual machine's speed drifts by 10-20%
   over minutes: a ratio of two runs made minutes apart carries that drift);
6. prints a table for the README and writes every figure as JSON (``--json``).

MB means 10^6 bytes of UTF-8 document text (the ``text`` field), the same
count for both tools.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import build_corpus, read_texts

ROOT = Path(__file__).resolve().parent.parent
DATATROVE_FILTERS = (
    "GopherRepetitionFilter",
    "GopherQualityFilter",
    "C4QualityFilter",
    "FineWebQualityFilter",
)


# -- helpers ----------------------------------------------------------------------------


def corpus_lint_command() -> list[str]:
    """The installed ``corpus-lint`` script next to this interpreter, as a user runs it."""
    beside = Path(sys.executable).parent / "corpus-lint"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("corpus-lint")
    if found:
        return [found]
    return [sys.executable, "-m", "corpus_lint"]


def _version(dist: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def corpus_stats(corpus: Path) -> tuple[int, int]:
    """(documents, bytes of UTF-8 text) of a JSONL corpus."""
    docs = 0
    size = 0
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            docs += 1
            size += len(json.loads(line)["text"].encode("utf-8"))
    return docs, size


class TreeMemory:
    """Samples the summed RSS of a process and its descendants (needs psutil)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.peak = 0
        self.available = False
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self._thread: threading.Thread | None = None
            return
        self.available = True

        def sample() -> None:
            try:
                root = psutil.Process(pid)
            except psutil.Error:
                return
            while not self._stop.is_set():
                try:
                    procs = [root, *root.children(recursive=True)]
                    total = 0
                    for p in procs:
                        with contextlib.suppress(psutil.Error):
                            total += p.memory_info().rss
                    self.peak = max(self.peak, total)
                except psutil.Error:
                    return
                self._stop.wait(interval)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def run_measured(args: list[str], *, sample_tree: bool = False) -> dict[str, Any]:
    """Run a command; wall time, exit code, max RSS (wait4) and tree peak RSS."""
    started = time.perf_counter()
    # As installed: Python writes and reuses bytecode (an environment that forbids it,
    # PYTHONDONTWRITEBYTECODE, would recompile corpus-lint's modules on every start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    tree = TreeMemory(proc.pid) if sample_tree else None
    assert proc.stderr is not None
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if tree is not None:
        tree.stop()
    return {
        "wall_seconds": wall,
        "exit_code": proc.returncode,
        # Linux reports ru_maxrss in KiB: the largest RSS of the child or of any
        # of its waited-for descendants (a pool worker), not their sum.
        "max_rss_mb": usage.ru_maxrss * 1024 / 1e6,
        # CPU time of the child and its waited-for descendants (pool workers): a
        # steadier figure than wall time on a busy machine.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "tree_peak_rss_mb": (tree.peak / 1e6) if tree is not None and tree.available else None,
        "stderr": b"".join(err_chunks).decode("utf-8", "replace"),
    }


def read_report(path: Path) -> tuple[dict[str, Any], str]:
    """(the report without its lists, a digest of its findings), reading the file a
    line at a time: the report has one document or finding per line, and loading a
    200 MB report whole would grow this process by gigabytes — which the next
    measured child, forked from it, would then show as its peak memory."""
    head: dict[str, Any] = {}
    digest = hashlib.sha256()
    section = ""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            stripped = line.strip().rstrip(",")
            if stripped.startswith('"') and ":" in stripped:
                key, _, value = stripped.partition(": ")
                section = json.loads(key)
                if value not in ("[", "[]"):
                    head[section] = json.loads(value)
            elif stripped.startswith("{") and section == "findings":
                finding = json.loads(stripped)
                digest.update(json.dumps(finding, sort_keys=True, ensure_ascii=False).encode())
    return head, digest.hexdigest()[:16]


# -- the measurements -------------------------------------------------------------------


def measure_startup(small_file: Path, runs: int, out_dir: Path) -> dict[str, Any]:
    # Its own signature store, as a pre-commit run in a repository has one (the
    # first run creates it and is not counted).
    cache = out_dir / "cache-startup"
    cmd = [*corpus_lint_command(), str(small_file), "--no-progress", "--cache-dir", str(cache)]
    times: list[float] = []
    rss: list[float] = []
    for _ in range(runs + 1):  # the first run warms the OS file cache; not counted
        res = run_measured(cmd)
        if res["exit_code"] not in (0, 1):
            raise SystemExit(f"corpus-lint failed on {small_file}:\n{res['stderr']}")
        times.append(res["wall_seconds"])
        rss.append(res["max_rss_mb"])
    counted = times[1:] if len(times) > 1 else times
    return {
        "file": small_file.name,
        "runs": len(counted),
        "median_seconds": statistics.median(counted),
        "min_seconds": min(counted),
        "max_rss_mb": max(rss),
    }


def measure_corpus_lint(
    corpus: Path, jobs: int, out_dir: Path, docs: int, size: int
) -> dict[str, Any]:
    report_path = out_dir / f"report-jobs{jobs}.json"
    # A fresh signature store for each run: no run sees another's documents, and the
    # user's own store (.corpus-lint-cache) is left alone.
    cache = out_dir / f"cache-jobs{jobs}"
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [
        *corpus_lint_command(),
        str(corpus),
        "--format",
        "json",
        "-o",
        str(report_path),
        "--jobs",
        str(jobs),
        "--no-progress",
        "--cache-dir",
        str(cache),
    ]
    res = run_measured(cmd, sample_tree=True)
    shutil.rmtree(cache, ignore_errors=True)
    if res["exit_code"] not in (0, 1):
        raise SystemExit(f"corpus-lint --jobs {jobs} failed:\n{res['stderr']}")
    report, digest = read_report(report_path)
    summary = report["summary"]
    wall = res["wall_seconds"]
    engine = float(summary["duration_seconds"])
    return {
        "jobs": jobs,
        "documents": summary["documents"],
        "findings": summary["findings"],
        "by_rule": summary["by_rule"],
        "rules": report["tool"]["rules"],
        "wall_seconds": wall,
        "engine_seconds": engine,
        "docs_per_second": docs / wall,
        "mb_per_second": size / 1e6 / wall,
        "engine_mb_per_second": size / 1e6 / engine if engine > 0 else None,
        "cpu_seconds": res["cpu_seconds"],
        "mb_per_cpu_second": size / 1e6 / res["cpu_seconds"] if res["cpu_seconds"] else None,
        "max_rss_mb": res["max_rss_mb"],
        "tree_peak_rss_mb": res["tree_peak_rss_mb"],
        "report_mb": report_path.stat().st_size / 1e6,
        "findings_digest": digest,
    }


def measure_datatrove(corpus: Path, sample_mb: float | None) -> dict[str, Any]:
    try:
        from datatrove.data import Document as DtDocument
        from datatrove.pipeline import filters
    except ImportError as exc:
        raise SystemExit(
            f"datatrove is not installed ({exc}); pip install -e '.[bench]' or --skip-datatrove"
        ) from exc
    texts = read_texts(corpus, None if sample_mb is None else int(sample_mb * 1_000_000))
    n_docs, _ = corpus_stats(corpus)
    size = sum(len(t.encode("utf-8")) for t in texts)
    per_filter: dict[str, dict[str, float]] = {}
    total = 0.0
    total_cpu = 0.0
    for name in DATATROVE_FILTERS:
        flt = getattr(filters, name)()
        # Warm up: the first call loads the tokenizer (spaCy for English); not timed.
        flt.filter(DtDocument(text="Warm up. The tokenizer loads once.", id="warm-up"))
        started = time.perf_counter()
        cpu_started = time.process_time()
        for i, text in enumerate(texts):
            # A fresh document each time: C4QualityFilter rewrites doc.text.
            flt.filter(DtDocument(text=text, id=str(i)))
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        total += elapsed
        total_cpu += cpu
        per_filter[name] = {
            "seconds": elapsed,
            "cpu_seconds": cpu,
            "mb_per_second": size / 1e6 / elapsed,
            "mb_per_cpu_second": size / 1e6 / cpu if cpu else 0.0,
        }
    return {
        "version": _version("datatrove"),
        "documents": len(texts),
        "whole_corpus": len(texts) == n_docs,
        "sample_mb": size / 1e6,
        "filters": per_filter,
        "seconds": total,
        "mb_per_second": size / 1e6 / total,
        "cpu_seconds": total_cpu,
        "mb_per_cpu_second": size / 1e6 / total_cpu if total_cpu else 0.0,
    }


# -- output -----------------------------------------------------------------------------


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MB"


def _dt_scope(dt: dict[str, Any]) -> str:
    if dt.get("whole_corpus"):
        return ""
    return f" (sample of {dt['sample_mb']:.1f} MB)"


def readme_table(results: dict[str, Any]) -> str:
    corpus = results["corpus"]
    rows = [
        "| run | documents/s | MB/s | peak memory |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in results["corpus_lint"]:
        mem = r["tree_peak_rss_mb"] if r["tree_peak_rss_mb"] is not None else r["max_rss_mb"]
        rows.append(
            f"| corpus-lint, default rules, `--jobs {r['jobs']}` | "
            f"{r['docs_per_second']:,.0f} | {r['mb_per_second']:,.2f} | {_mb(mem)} |"
        )
    dt = results.get("datatrove")
    if dt:
        rows.append(
            f"| datatrove Gopher rep. + Gopher quality + C4 + FineWeb, 1 process"
            f"{_dt_scope(dt)} | "
            f"{dt['documents'] / dt['seconds']:,.0f} | {dt['mb_per_second']:,.2f} | n/a |"
        )
    lines = [
        f"Corpus: {corpus['documents']:,} documents, {corpus['mb']:.1f} MB of text "
        f"(JSONL built from the boilerplate bench, sentences shuffled across pages); "
        f"{results['machine']['cpus']} CPUs, Python {results['machine']['python']}.",
        "",
        *rows,
        "",
        f"Start-up on one small file (`corpus-lint {results['startup']['file']}`, median of "
        f"{results['startup']['runs']}): {results['startup']['median_seconds']:.2f} s.",
    ]
    if dt and results.get("ratio_jobs1_vs_datatrove") is not None:
        lines.append(
            f"corpus-lint `--jobs 1` / datatrove, one process: "
            f"{results['ratio_jobs1_vs_datatrove']:.1f}x."
        )
    return "\n".join(lines)


def print_results(results: dict[str, Any]) -> None:
    corpus = results["corpus"]
    print(f"corpus      {corpus['path']}")
    print(f"            {corpus['documents']:,} documents, {corpus['mb']:.1f} MB of text")
    st = results["startup"]
    print(
        f"start-up    corpus-lint {st['file']}: median {st['median_seconds']:.3f} s "
        f"(min {st['min_seconds']:.3f} s, {st['runs']} runs, max RSS {st['max_rss_mb']:.0f} MB)"
        f"  target < 0.5 s: {'ok' if st['median_seconds'] < 0.5 else 'MISSED'}"
    )
    for r in results["corpus_lint"]:
        tree = r["tree_peak_rss_mb"]
        tree_text = f", process tree {tree:,.0f} MB" if tree is not None else ""
        print(
            f"--jobs {r['jobs']:<4} {r['wall_seconds']:7.2f} s  "
            f"{r['docs_per_second']:8,.0f} docs/s  {r['mb_per_second']:6.2f} MB/s "
            f"(engine only {r['engine_mb_per_second'] or 0:.2f} MB/s)  "
            f"max RSS {r['max_rss_mb']:,.0f} MB{tree_text}"
        )
        print(
            f"            CPU {r['cpu_seconds']:.1f} s (all processes): "
            f"{r['mb_per_cpu_second'] or 0:.2f} MB per CPU-second"
        )
        per_doc = r["kb_per_document"]
        per_doc_text = (
            f", memory above start-up {per_doc:.1f} KB/document" if per_doc is not None else ""
        )
        print(
            f"            {r['findings']:,} findings, report {r['report_mb']:.1f} MB{per_doc_text}"
        )
    if results.get("jobs_agree") is not None:
        print(f"same findings for every --jobs: {'yes' if results['jobs_agree'] else 'NO'}")
    if results.get("scaling") is not None:
        print(f"speed-up of the largest --jobs over --jobs 1: {results['scaling']:.2f}x")
    dt = results.get("datatrove")
    if dt:
        scope = (
            f"every document ({dt['documents']:,}, {dt['sample_mb']:.1f} MB)"
            if dt.get("whole_corpus")
            else f"an evenly spaced sample ({dt['documents']:,} documents, "
            f"{dt['sample_mb']:.1f} MB), extrapolated as MB/s"
        )
        print(f"datatrove {dt['version']}, one process, timed on {scope}:")
        for name, f in dt["filters"].items():
            print(
                f"  {name:<24} {f['mb_per_second']:7.3f} MB/s "
                f"({f['mb_per_cpu_second']:.3f} MB per CPU-second)"
            )
        print(
            f"  {'all four, in sequence':<24} {dt['mb_per_second']:7.3f} MB/s "
            f"({dt['mb_per_cpu_second']:.3f} MB per CPU-second)"
        )
        for n, r in enumerate(results.get("rounds") or [], 1):
            print(
                f"  round {n}: corpus-lint {r['corpus_lint_mb_per_second']:.2f} MB/s, "
                f"datatrove {r['datatrove_mb_per_second']:.3f} MB/s: {r['ratio']:.1f}x "
                f"({r['cpu_ratio']:.1f}x per CPU-second)"
            )
        if results.get("rounds"):
            print(f"  median of {len(results['rounds'])} rounds:")
        ratio = results.get("ratio_jobs1_vs_datatrove")
        if ratio is not None:
            verdict = "ok" if ratio >= 8 else "MISSED"
            print(f"corpus-lint --jobs 1 / datatrove: {ratio:.1f}x  target >= 8x: {verdict}")
        cpu_ratio = results.get("cpu_ratio_jobs1_vs_datatrove")
        if cpu_ratio is not None:
            print(f"  the same per CPU-second (steadier on a busy machine): {cpu_ratio:.1f}x")
    print()
    print(readme_table(results))


# -- main -------------------------------------------------------------------------------


def _round(lint: dict[str, Any], dt: dict[str, Any]) -> dict[str, float]:
    return {
        "corpus_lint_mb_per_second": lint["mb_per_second"],
        "datatrove_mb_per_second": dt["mb_per_second"],
        "ratio": lint["mb_per_second"] / dt["mb_per_second"],
        "cpu_ratio": lint["mb_per_cpu_second"] / dt["mb_per_cpu_second"],
    }


def default_small_file() -> Path | None:
    seeds = sorted((ROOT / "seeds").glob("000_*.txt"))
    return seeds[0] if seeds else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_dir", type=Path, help="folder with docs/*.txt")
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB of text")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values")
    parser.add_argument("--skip-datatrove", action="store_true", help="do not time datatrove")
    parser.add_argument(
        "--datatrove-mb",
        type=float,
        default=None,
        help="time datatrove on an evenly spaced sample of about this many MB of the corpus "
        "(default: every document; datatrove takes about 6 minutes for 50 MB)",
    )
    parser.add_argument("--seed", type=int, default=2024, help="corpus shuffling seed")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="alternate corpus-lint --jobs 1 and datatrove this many times; the ratio "
        "printed is the median of the rounds'",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / ".cache", help="corpus and reports"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--startup-runs", type=int, default=7, help="runs for the start-up time")
    parser.add_argument("--small-file", type=Path, help="file for the start-up time")
    args = parser.parse_args(argv)

    docs_dir = args.bench_dir / "docs"
    if not docs_dir.is_dir():
        parser.error(f"{docs_dir} is not a folder")
    args.out.mkdir(parents=True, exist_ok=True)
    ignore = args.out / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")

    print(f"building the corpus ({args.mb:g} MB) ...", file=sys.stderr)
    corpus = build_corpus(docs_dir, args.out, args.mb, args.seed)
    n_docs, size = corpus_stats(corpus)

    small = args.small_file or default_small_file()
    if small is None:
        small = sorted(docs_dir.glob("*.txt"))[0]
    print(f"start-up on {small.name} ...", file=sys.stderr)
    startup = measure_startup(small, max(1, args.startup_runs), args.out)

    runs = []
    for jobs in args.jobs:
        print(f"corpus-lint --jobs {jobs} ...", file=sys.stderr)
        r = measure_corpus_lint(corpus, jobs, args.out, n_docs, size)
        # In-process run: what the report keeps per document (findings, documents
        # entries) shows as the peak above a run on one small file.
        above = max(0.0, r["max_rss_mb"] - startup["max_rss_mb"])
        r["kb_per_document"] = above * 1000 / max(n_docs, 1) if jobs == 1 else None
        runs.append(r)

    results: dict[str, Any] = {
        "corpus": {
            "path": str(corpus),
            "documents": n_docs,
            "mb": size / 1e6,
            "seed": args.seed,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "corpus_lint": _version("corpus-lint"),
        },
        "startup": startup,
        "corpus_lint": runs,
        "jobs_agree": (len({r["findings_digest"] for r in runs}) == 1) if len(runs) > 1 else None,
        "scaling": None,
        "datatrove": None,
        "ratio_jobs1_vs_datatrove": None,
        "cpu_ratio_jobs1_vs_datatrove": None,
    }
    one = next((r for r in runs if r["jobs"] == 1), None)
    if one is not None and len(runs) > 1:
        best = max(runs, key=lambda r: r["jobs"])
        results["scaling"] = best["mb_per_second"] / one["mb_per_second"]
    if not args.skip_datatrove:
        scope = "every document" if args.datatrove_mb is None else f"{args.datatrove_mb:g} MB"
        print(f"datatrove on {scope} ...", file=sys.stderr)
        dt = measure_datatrove(corpus, args.datatrove_mb)
        results["datatrove"] = dt
        if one is not None:
            results["ratio_jobs1_vs_datatrove"] = one["mb_per_second"] / dt["mb_per_second"]
            if one["mb_per_cpu_second"] and dt["mb_per_cpu_second"]:
                results["cpu_ratio_jobs1_vs_datatrove"] = (
                    one["mb_per_cpu_second"] / dt["mb_per_cpu_second"]
                )

    if one is not None and results["datatrove"] is not None and args.rounds > 1:
        # The machine's speed drifts (a shared or throttled host): a ratio of two runs
        # made minutes apart carries that drift.  Alternate the two tools and take
        # the median of the rounds' ratios.
        rounds = [_round(one, results["datatrove"])]
        for n in range(2, args.rounds + 1):
            print(f"round {n}: corpus-lint --jobs 1, then datatrove ...", file=sys.stderr)
            again = measure_corpus_lint(corpus, 1, args.out, n_docs, size)
            dt_again = measure_datatrove(corpus, args.datatrove_mb)
            rounds.append(_round(again, dt_again))
        results["rounds"] = rounds
        results["ratio_jobs1_vs_datatrove"] = statistics.median(r["ratio"] for r in rounds)
        results["cpu_ratio_jobs1_vs_datatrove"] = statistics.median(r["cpu_ratio"] for r in rounds)

    print_results(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
