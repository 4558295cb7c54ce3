"""Components that read files: read when the pipeline is built, and saved with it.

spaCy loads a saved pipeline (``spacy.load(path)``) in two steps: every component is made by
its factory from ``path/config.cfg``, then its ``from_disk`` reads ``path/<component>/``. A
factory that read its model from the path the config names would need that file (the
checkout's ``models/``) even though the saved folder holds a copy, so zhkg's components read
nothing when they are made (the way spaCy's own components get their data from
``initialize`` or ``from_disk``, never from the factory):

- ``initialize()`` reads the files the config names. :func:`pipeline.config.load_nlp` calls
  it on every component (:func:`read_all`) right after building the pipeline, so a missing or
  damaged model is still an error when the pipeline is built, not on its first document;
- ``to_disk(path)`` copies every file the component read into ``path``, byte for byte, under
  a fixed name (``model/``, ``places.json`` ...), and ``from_disk(path)`` reads those copies:
  a saved pipeline needs neither the checkout nor the files its config names;
- a component used before either (``nlp.add_pipe`` on a blank pipeline) reads the config's
  files then.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from spacy import util

Files = dict[str, Path | None]  # a name in the saved folder -> the file or folder read


def copy_path(src: Path, dst: Path) -> None:
    """``src`` (a file or a folder) copied to ``dst``; nothing to do when both are the same
    (a pipeline saved again into the folder it was loaded from)."""
    if dst.exists() and src.resolve() == dst.resolve():
        return
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)


def _excluded(name: str, exclude: Iterable[str]) -> bool:
    """spaCy's rule (``util.to_disk``): ``places.json`` is excluded by ``"places"``."""
    return name.split(".")[0] in set(exclude)


class FileBacked:
    """A component (or a part of one) whose data lives in files.

    A subclass names the files it reads in :meth:`sources` (name in the saved folder -> the
    file or folder its settings name; ``None``: not used, or optional and absent) and builds
    its state from them in :meth:`read`, where a ``None`` file means "not there"."""

    _files: Files | None = None

    def sources(self) -> Files:
        """The files the settings (the config) name, read by :meth:`initialize`."""
        raise NotImplementedError

    def read(self, files: Files) -> None:
        """Build the component's state from ``files`` (keys as :meth:`sources` gives)."""
        raise NotImplementedError

    def initialize(self, get_examples: Callable | None = None, *, nlp: Any = None) -> None:
        """spaCy's hook for reading a component's data: the files the config names."""
        self._read(self.sources())

    def ensure_read(self) -> None:
        """Read the config's files unless ``initialize`` or ``from_disk`` already read."""
        if self._files is None:
            self.initialize()

    @property
    def files(self) -> Files:
        """The files the component's state was read from."""
        self.ensure_read()
        return dict(self._files or {})

    def _read(self, files: Files) -> None:
        self.read(files)
        self._files = files

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        writers = {
            name: partial(copy_path, src) for name, src in self.files.items() if src is not None
        }
        util.to_disk(path, writers, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Any:
        """The saved copies in ``path``; an excluded name is read where the config says."""
        path = Path(path)
        files: Files = {}
        for name, src in self.sources().items():
            saved = path / name
            files[name] = src if _excluded(name, exclude) else (saved if saved.exists() else None)
        self._read(files)
        return self


class FileBackedParts:
    """An object whose file-backed parts (``parts``: name -> part) are saved in a folder
    each, e.g. the tokenizer's converter and segmenter. Parts that read no files are left
    out: their settings are all in the config."""

    def parts(self) -> dict[str, object]:
        raise NotImplementedError

    def _file_parts(self, exclude: Iterable[str] = ()) -> Iterator[tuple[str, FileBacked]]:
        for name, part in self.parts().items():
            if isinstance(part, FileBacked) and not _excluded(name, exclude):
                yield name, part

    def initialize(self, get_examples: Callable | None = None, *, nlp: Any = None) -> None:
        for _, part in self._file_parts():
            part.initialize()

    def ensure_read(self) -> None:
        for _, part in self._file_parts():
            part.ensure_read()

    @property
    def files(self) -> Files:
        return {
            f"{name}/{key}": src
            for name, part in self._file_parts()
            for key, src in part.files.items()
        }

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, part in self._file_parts(exclude):
            part.to_disk(path / name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Any:
        for name, part in self._file_parts(exclude):
            part.from_disk(Path(path) / name)
        return self


def read_all(nlp: Any) -> None:
    """Read now, where the config says, every file the tokenizer and components need that
    ``from_disk`` has not read: errors (a missing model) come when the pipeline is built."""
    for obj in (nlp.tokenizer, *(proc for _, proc in nlp.pipeline)):
        if isinstance(obj, FileBacked | FileBackedParts):
            obj.ensure_read()


def files_read(nlp: Any) -> dict[str, Path]:
    """Every file the pipeline's tokenizer and components read, by ``component/name``."""
    found: dict[str, Path] = {}
    for name, obj in (("tokenizer", nlp.tokenizer), *nlp.pipeline):
        if isinstance(obj, FileBacked | FileBackedParts):
            for key, src in obj.files.items():
                if src is not None:
                    found[f"{name}/{key}"] = src
    return found
