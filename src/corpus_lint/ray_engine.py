"""Run the lint batches on a Ray cluster (``--engine ray``).

The same :func:`corpus_lint.engine.lint_batch` runs in Ray tasks; results come
back in submission order, so the report is the same as with ``--jobs``.  Ray
connects to ``RAY_ADDRESS`` when it is set, else starts a local cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corpus_lint.document import Document
    from corpus_lint.engine import DocResult, LintSpec


def _remote_batch(spec: LintSpec, docs: list[Document], render: bool) -> list[DocResult]:
    from corpus_lint import engine

    if engine._WORKER_RULES is None or engine._WORKER_RULES.spec != spec:
        engine._init_worker(spec)
    return engine.lint_batch(docs, render)


def run_batches_on_ray(
    batches: Iterable[list[Document]], spec: LintSpec, jobs: int, render: bool = False
) -> Iterator[list[DocResult]]:
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("--engine ray needs Ray: pip install 'corpus-lint[ray]'") from exc
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"ignore_reinit_error": True, "log_to_driver": False}
        if jobs > 0:
            kwargs["num_cpus"] = jobs
        ray.init(**kwargs)
    remote = ray.remote(_remote_batch)
    spec_ref = ray.put(spec)
    in_flight: list[Any] = []
    window = max(jobs, 1) * 4
    for batch in batches:
        in_flight.append(remote.remote(spec_ref, [d.without_cache() for d in batch], render))
        while len(in_flight) >= window:
            yield ray.get(in_flight.pop(0))
    for ref in in_flight:
        yield ray.get(ref)
