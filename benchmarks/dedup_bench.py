"""Scale benchmark of the duplicates family (DU001-DU004) on synthetic corpora.

    python benchmarks/dedup_bench.py [BENCH_DIR] [--sizes 10000 100000] [--dup-rate 0.1]
                                     [--jobs 1] [--select DU] [--out DIR] [--json FILE]

For each size N the script

1. builds a JSONL corpus of N documents (shards of 1,000) from a Zipfian vocabulary:
   4-6 paragraphs of sentences, a short header and footer from one of 300 "sites";
   ``--dup-rate`` of the documents are planted near-duplicates of another document
   (2% of their words or less replaced, sometimes a sentence dropped or another
   site's header), and 2% carry a long paragraph pasted from another document
   (a near-miss for DU003, a true case for DU004); documents are shuffled over the
   shards, so a copy may come before its original;
2. runs ``corpus_lint.engine.run`` on it with ``--select`` (default all DU rules) in a
   fresh child process, and reports documents/s, MB/s, peak memory (the child's max
   RSS) and the time of the join step;
3. scores DU003 against the planted pairs: recall over the copies whose exact Jaccard
   similarity (word 5-grams) with their cluster is at least the threshold, precision
   over the reported pairs (the named document is in the same planted cluster), and
   the exact similarity of every reported pair; and DU004's recall of the pasted
   paragraphs;
4. prints the scaling exponent of CPU time and peak memory between consecutive
   sizes (``log(t2/t1) / log(N2/N1)``: 1.0 is linear; CPU time rather than wall time,
   which a busy machine inflates);
5. with ``--incremental``, stores the largest corpus's signatures (``--cache-dir``),
   then times a pre-commit style run on one new file that near-duplicates a stored
   document;

The engine also identifies every document's language for the report; on this random
synthetic text that costs more than all DU rules together and is switched off in the
measured runs unless ``--with-language`` is given.
6. with BENCH_DIR (a folder with ``docs/*.txt``), measures the CPU cost of each DU
   rule in one process on those ordinary pages, in MB/s.

MB means 10^6 bytes of UTF-8 document text.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARD = 1000
THRESHOLD = 0.7


# -- corpus -------------------------------------------------------------------------------


def build_corpus(folder: Path, n: int, dup_rate: float, seed: int) -> dict[str, Any]:
    """Write ``n`` documents as JSONL shards; return the planted truth."""
    import numpy as np

    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab_size = 60_000
    lengths = rng.integers(2, 11, size=vocab_size)
    pool = rng.choice(letters, size=int(lengths.sum()))
    cuts = np.concatenate(([0], np.cumsum(lengths)))
    vocab = np.array(["".join(pool[cuts[i] : cuts[i + 1]]) for i in range(vocab_size)])
    cdf = np.cumsum(1.0 / np.arange(1, vocab_size + 1) ** 1.05)
    cdf /= cdf[-1]

    def words(k: int) -> list[str]:
        picks = np.minimum(np.searchsorted(cdf, rng.random(k)), vocab_size - 1)
        return list(vocab[picks])

    def paragraph(k: int) -> str:
        w = words(k)
        out, i = [], 0
        while i < len(w):
            s = int(rng.integers(8, 25))
            sent = w[i : i + s]
            out.append(" ".join(sent).capitalize() + ".")
            i += s
        return " ".join(out)

    sites = [(paragraph(12), paragraph(18)) for _ in range(300)]
    n_copies = int(n * dup_rate)
    n_orig = n - n_copies
    texts: list[str] = []
    bodies: list[list[str]] = []
    site_of: list[int] = []
    for _ in range(n_orig):
        body = [paragraph(int(rng.integers(40, 90))) for _ in range(int(rng.integers(4, 7)))]
        site = int(rng.integers(0, len(sites)))
        bodies.append(body)
        site_of.append(site)
    # long paragraphs pasted from another document (near-misses for DU003)
    pasted: list[tuple[int, int]] = []
    for i in rng.choice(n_orig, size=int(n * 0.02), replace=False).tolist():
        j = int(rng.integers(0, n_orig))
        if j != i:
            bodies[i].insert(len(bodies[i]) // 2, bodies[j][0])
            pasted.append((i, j))
    for i in range(n_orig):
        head, foot = sites[site_of[i]]
        texts.append("\n\n".join([head, *bodies[i], foot]) + "\n")
    source: list[int] = list(range(n_orig))
    for _ in range(n_copies):
        src = int(rng.integers(0, n_orig))
        body = [para.split(" ") for para in bodies[src]]
        rate = float(rng.uniform(0.0, 0.02))
        for para in body:
            for k in np.flatnonzero(rng.random(len(para)) < rate).tolist():
                para[k] = words(1)[0]
        paras = [" ".join(para) for para in body]
        if rng.random() < 0.2 and len(paras) > 4:
            del paras[int(rng.integers(0, len(paras)))]
        site = site_of[src] if rng.random() < 0.7 else int(rng.integers(0, len(sites)))
        head, foot = sites[site]
        texts.append("\n\n".join([head, *paras, foot]) + "\n")
        source.append(src)
    order = rng.permutation(n)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"d{int(k):07d}" for k in range(n)]
    position: dict[str, tuple[int, int]] = {}
    chars = 0
    for shard_no, start in enumerate(range(0, n, SHARD)):
        lines = []
        for line_no, k in enumerate(order[start : start + SHARD].tolist()):
            lines.append(json.dumps({"id": ids[k], "text": texts[k]}))
            position[ids[k]] = (shard_no, line_no)
            chars += len(texts[k].encode("utf-8"))
        (folder / f"shard{shard_no:04d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return {
        "ids": ids,
        "texts": texts,
        "source": source,
        "pasted": pasted,
        "position": position,
        "mb": chars / 1e6,
        "copies": n_copies,
    }


def shingle_set(text: str) -> set[int]:
    from corpus_lint.dedup_minhash import shingle_hashes

    out: set[int] = set(shingle_hashes(text, 5).tolist())
    return out


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


# -- the measured run (child process) -------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    from corpus_lint.config import Config
    from corpus_lint.detectors import duplicates
    from corpus_lint.engine import LintSpec, run

    join_time = [0.0]
    for cls in (
        duplicates.NearDuplicateDocumentDetector,
        duplicates.CrossDocumentParagraphDetector,
    ):
        original = cls.join

        def timed(self: Any, sigs: Any, ctx: Any, _original: Any = original) -> Any:
            t = time.perf_counter()
            out = list(_original(self, sigs, ctx))
            join_time[0] += time.perf_counter() - t
            return iter(out)

        cls.join = timed  # type: ignore[method-assign]
    if not args.with_language:
        # The engine names every document's language in the report; on this synthetic
        # text (random letter strings) that costs more than the whole DU family, and it
        # is not what this benchmark measures.
        import corpus_lint.langid

        def no_language(doc: Any) -> None:
            doc.cache["language"] = None

        corpus_lint.langid.document_language = no_language  # type: ignore[assignment]
    cfg = Config(cache_dir=Path(args.cache_dir) if args.cache_dir else None)
    spec = LintSpec(config=cfg, select=args.select.split(","))
    t0, c0 = time.perf_counter(), time.process_time()
    result = run(args.paths, spec, jobs=args.jobs, progress=False)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    findings = [(f.rule, f.document or f.path, f.message) for f in result.findings]
    json.dump(
        {
            "wall": wall,
            "cpu": cpu,
            "join": join_time[0],
            "rss_mb": max(rss_kb, children_kb) / 1024,
            "documents": len(result.documents),
            "findings": findings,
        },
        sys.stdout,
    )


def run_child(
    paths: list[str],
    select: str,
    jobs: int,
    cache_dir: str | None = None,
    with_language: bool = False,
) -> Any:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--select", select]
    cmd += ["--jobs", str(jobs), *(["--with-language"] if with_language else [])]
    if cache_dir:
        cmd += ["--cache-dir", cache_dir]
    proc = subprocess.run([*cmd, *paths], capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"child run failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


# -- scoring ---------------------------------------------------------------------------------

_OTHER_ID = re.compile(r"\(id ([^)]+)\)")


def score(truth: dict[str, Any], findings: list[Any]) -> dict[str, Any]:
    ids, texts, source = truth["ids"], truth["texts"], truth["source"]
    index = {d: k for k, d in enumerate(ids)}
    cluster: dict[int, list[int]] = {}
    for k, s in enumerate(source):
        cluster.setdefault(s, []).append(k)
    planted = {s: m for s, m in cluster.items() if len(m) > 1}
    cache: dict[int, set[int]] = {}

    def shingles(k: int) -> set[int]:
        if k not in cache:
            cache[k] = shingle_set(texts[k])
        return cache[k]

    # expected: every member of a planted cluster but the first (in file order) whose
    # exact similarity to some earlier member reaches the threshold
    expected: set[int] = set()
    below = 0
    for members in planted.values():
        ordered = sorted(members, key=lambda k: truth["position"][ids[k]])
        for pos, k in enumerate(ordered[1:], start=1):
            best = max(jaccard(shingles(k), shingles(e)) for e in ordered[:pos])
            if best >= THRESHOLD:
                expected.add(k)
            else:
                below += 1
    du3 = [(index[d], _OTHER_ID.search(msg)) for rule, d, msg in findings if rule == "DU003"]
    reported = [(k, index[m.group(1)]) for k, m in du3 if m]
    correct = [(k, o) for k, o in reported if source[k] == source[o]]
    sims = sorted(jaccard(shingles(k), shingles(o)) for k, o in reported)
    found = {k for k, _ in correct}
    # DU004: each pasted paragraph should be reported on the later of the two documents
    du4 = {index[d] for rule, d, _ in findings if rule == "DU004"}
    pasted_hits = 0
    for i, j in truth["pasted"]:
        later = max((i, j), key=lambda k: truth["position"][ids[k]])
        pasted_hits += later in du4
    return {
        "planted_copies": truth["copies"],
        "expected": len(expected),
        "planted_below_threshold": below,
        "reported": len(reported),
        "recall": len(found & expected) / len(expected) if expected else 1.0,
        "precision": len(correct) / len(reported) if reported else 1.0,
        "reported_min_jaccard": sims[0] if sims else None,
        "reported_below_threshold": sum(1 for s in sims if s < THRESHOLD),
        "du4_pasted": len(truth["pasted"]),
        "du4_recall": pasted_hits / len(truth["pasted"]) if truth["pasted"] else 1.0,
        "findings_by_rule": {
            r: sum(1 for f in findings if f[0] == r) for r in sorted({f[0] for f in findings})
        },
    }


# -- per-rule cost on ordinary text -----------------------------------------------------------


def rule_costs(bench_dir: Path) -> dict[str, Any]:
    import yaml

    from corpus_lint.api import DocRef, JoinContext
    from corpus_lint.document import Document
    from corpus_lint.registry import detector_class

    pack = yaml.safe_load((ROOT / "rules" / "duplicates.yaml").read_text("utf-8"))
    detectors = [
        (r["code"], detector_class(r["detector"])(r.get("options", {})))  # type: ignore[misc]
        for r in pack["rules"]
    ]
    files = sorted((bench_dir / "docs").glob("*.txt"))
    texts = [f.read_text("utf-8") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rounds = 3
    cost = {code: 0.0 for code, _ in detectors}
    cost["join"] = 0.0
    for _ in range(rounds):
        sigs: dict[str, list[Any]] = {code: [] for code, _ in detectors}
        for f, text in zip(files, texts, strict=True):
            doc = Document(text=text, path=str(f), id=str(f))
            for code, det in detectors:
                t = time.process_time()
                if hasattr(det, "signature"):
                    sigs[code].append((DocRef(doc.path, doc.id, 0), det.signature(doc)))
                else:
                    list(det.check(doc))
                cost[code] += time.process_time() - t
        t = time.process_time()
        for code, det in detectors:
            if hasattr(det, "signature"):
                list(det.join(sigs[code], JoinContext(rule_code=code)))
        cost["join"] += time.process_time() - t
    total = sum(cost.values()) / rounds
    return {
        "documents": len(files),
        "mb": mb,
        "seconds": {k: v / rounds for k, v in cost.items()},
        "mb_per_s": mb / total,
    }


# -- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench_dir", type=Path, nargs="?", help="folder with docs/*.txt")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--dup-rate", type=float, default=0.1, help="share of planted copies")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--select", default="DU", help="rules to run (default: all DU)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the corpora here")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--incremental", action="store_true", help="time a pre-commit run")
    parser.add_argument(
        "--with-language",
        action="store_true",
        help="keep the engine's per-document language identification (off by default)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        # the first path lands in bench_dir (both are positional)
        args.paths = [*([str(args.bench_dir)] if args.bench_dir else []), *args.paths]
        child(args)
        return
    sys.path.insert(0, str(ROOT / "src"))
    work = args.out or Path(tempfile.mkdtemp(prefix="dedup-bench-"))
    figures: dict[str, Any] = {"sizes": {}}
    try:
        for n in args.sizes:
            folder = work / f"corpus-{n}"
            shutil.rmtree(folder, ignore_errors=True)
            t = time.perf_counter()
            truth = build_corpus(folder, n, args.dup_rate, args.seed)
            built = time.perf_counter() - t
            res = run_child([str(folder)], args.select, args.jobs, None, args.with_language)
            scored = score(truth, res["findings"])
            row = {
                "documents": n,
                "mb": truth["mb"],
                "build_s": built,
                "wall_s": res["wall"],
                "cpu_s": res["cpu"],
                "join_s": res["join"],
                "docs_per_s": n / res["wall"],
                "mb_per_s": truth["mb"] / res["wall"],
                "peak_rss_mb": res["rss_mb"],
                **scored,
            }
            figures["sizes"][n] = row
            print(
                f"{n:>7,} docs {truth['mb']:7.1f} MB: {res['wall']:7.1f} s wall, "
                f"{res['cpu']:.1f} s CPU ({row['docs_per_s']:,.0f} docs/s, "
                f"{row['mb_per_s']:.2f} MB/s; {n / res['cpu']:,.0f} docs/s of CPU), "
                f"join {res['join']:.1f} s, peak RSS {res['rss_mb']:,.0f} MB; "
                f"DU003 recall {scored['recall']:.3f} of {scored['expected']:,} planted copies "
                f"(+{scored['planted_below_threshold']} below {THRESHOLD}), precision "
                f"{scored['precision']:.3f} of {scored['reported']:,} reported "
                f"(min exact Jaccard {scored['reported_min_jaccard'] or 0:.2f}); "
                f"DU004 recall {scored['du4_recall']:.3f} of {scored['du4_pasted']:,} pasted "
                f"paragraphs; findings {scored['findings_by_rule']}",
                flush=True,
            )
            if args.incremental and n == max(args.sizes):
                figures["incremental"] = incremental(folder, truth, work, args)
            if n != max(args.sizes):
                shutil.rmtree(folder, ignore_errors=True)
        sizes = sorted(figures["sizes"])
        for a, b in itertools.pairwise(sizes):
            ra, rb = figures["sizes"][a], figures["sizes"][b]
            k = math.log(b / a)
            exp_t = math.log(rb["cpu_s"] / ra["cpu_s"]) / k
            exp_m = math.log(rb["peak_rss_mb"] / ra["peak_rss_mb"]) / k
            figures.setdefault("exponents", []).append(
                {"from": a, "to": b, "time": exp_t, "memory": exp_m}
            )
            print(
                f"scaling {a:,} -> {b:,} documents: CPU time ~ N^{exp_t:.2f}, "
                f"peak memory ~ N^{exp_m:.2f}"
            )
        if args.bench_dir:
            costs = rule_costs(args.bench_dir)
            figures["ordinary_text"] = costs
            parts = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in costs["seconds"].items())
            print(
                f"DU rules on {costs['documents']} pages ({costs['mb']:.2f} MB) of "
                f"{args.bench_dir}: {costs['mb_per_s']:.1f} MB/s of CPU in one process ({parts})"
            )
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str), "utf-8")


def incremental(folder: Path, truth: dict[str, Any], work: Path, args: argparse.Namespace) -> Any:
    """Store the corpus's signatures, then lint one new file that copies a stored document."""
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    full = run_child([str(folder)], args.select, args.jobs, str(cache), args.with_language)
    k = 0  # an original document (copies come after the originals)
    new = folder.parent / "new-file.txt"
    words = truth["texts"][k].split(" ")
    words[len(words) // 2] = "changed"
    new.write_text(" ".join(words), "utf-8")
    one = run_child([str(new)], args.select, 1, str(cache), args.with_language)
    cluster = {truth["ids"][i] for i, src in enumerate(truth["source"]) if src == k}
    named = [_OTHER_ID.search(msg) for rule, _, msg in one["findings"] if rule == "DU003"]
    found = any(m is not None and m.group(1) in cluster for m in named)
    size = sum(f.stat().st_size for f in cache.iterdir()) / 1e6
    print(
        f"incremental: full run storing signatures {full['wall']:.1f} s (store {size:,.0f} MB); "
        f"one new file against {len(truth['ids']):,} stored documents: {one['wall']:.2f} s "
        f"in the engine (join {one['join']:.2f} s), duplicate found: {found}"
    )
    os.unlink(new)
    return {
        "full_s": full["wall"],
        "one_file_s": one["wall"],
        "join_s": one["join"],
        "store_mb": size,
        "found": found,
    }


if __name__ == "__main__":
    main()
