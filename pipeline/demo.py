"""The bundled demo corpus (`data/demo/`): builds the demo timeline into an empty store."""
from __future__ import annotations

from pathlib import Path

from .ingest import ingest
from .store import Store

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def ensure_demo(store: Store, demo_dir: Path = DEMO_DIR) -> int:
    """Ingest the demo corpus when the store holds no article; returns how many articles it added."""
    if store.stats().articles > 0 or not demo_dir.is_dir():
        return 0
    summary = ingest([str(demo_dir)], store, progress=False)
    return summary.new
