"""Regenerate the synthetic data sets and the data dictionary (``python course.py data``).

The loaders only read (through :mod:`importlib.resources`, see
:func:`crmlib.datasets.tables.data_files`). Writing needs a real folder: :func:`write_synthetic`
takes it explicitly, and :func:`main` writes into ``crmlib/datasets/files/`` of the checkout it
runs from (or into ``--dest``).

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     written = write_synthetic(Path(tmp))
...     sorted(p.name for p in written)[:2]
['category_baskets.csv', 'churn_customers.csv']
"""

from __future__ import annotations

import argparse
import importlib.resources
from pathlib import Path

from crmlib.datasets.dictionary import data_dictionary
from crmlib.datasets.tables import registry, to_csv_bytes, validate


def write_synthetic(dest: Path) -> list[Path]:
    """Regenerate every synthetic table from its fixed seed into the folder ``dest``.

    A file whose bytes are already right is left untouched. Returns the path of every synthetic
    table under ``dest``.
    """
    paths = []
    for table in registry().values():
        if table.generate is None:
            continue
        data = to_csv_bytes(validate(table.generate(), table))
        path = Path(dest) / table.file
        if not (path.is_file() and path.read_bytes() == data):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        paths.append(path)
    return paths


def checkout_files_folder() -> Path:
    """``crmlib/datasets/files/`` of the checkout this package was imported from.

    Raises ``RuntimeError`` when the package is not a source checkout (for example an installed
    wheel), where the shipped data must not be rewritten.
    """
    folder = importlib.resources.files("crmlib.datasets") / "files"
    if not isinstance(folder, Path) or not (folder.parents[2] / "pyproject.toml").is_file():
        raise RuntimeError(f"{folder} is not in a checkout of the course; pass --dest to write elsewhere")
    return folder


def main(argv: list[str] | None = None) -> int:
    """``python -m crmlib.datasets``: regenerate synthetic data and the data dictionary."""
    parser = argparse.ArgumentParser(
        prog="python -m crmlib.datasets",
        description="Regenerate the synthetic data sets and the data dictionary crmlib/datasets/files/README.md",
    )
    parser.add_argument("--dest", type=Path, default=None, help="folder to write into (default: crmlib/datasets/files/ of this checkout)")
    args = parser.parse_args(argv)
    dest = args.dest if args.dest is not None else checkout_files_folder()
    for path in write_synthetic(dest):
        print("regenerated", path)
    readme = dest / "README.md"
    text = data_dictionary()
    if not (readme.is_file() and readme.read_text(encoding="utf-8") == text):
        readme.write_bytes(text.encode("utf-8"))
    print("wrote", readme)
    return 0
