"""Loading and validating pipeline configs, with errors a user can act on."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from confection import Config, ConfigValidationError

from .messages import ModelMissingError, one_line
from .paths import default_config_path, project_root

_MAX_DETAIL = 300  # spaCy's registry errors list every registered name; one line is enough


class ConfigError(ValueError):
    """The config file is missing, malformed or names unknown settings."""


def config_file(path: str | Path | None = None) -> Path:
    """The config to read: ``path`` as given, or (relative and not found here) the shipped
    one of that name (``--config configs/hanlp.cfg`` works from any folder), or the default.
    """
    if not path:
        return default_config_path()
    given = Path(path)
    shipped = project_root() / given
    return shipped if not given.exists() and not given.is_absolute() and shipped.exists() else given


def read_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    cfg_path = config_file(path)
    if not cfg_path.exists():
        raise ConfigError(f"{cfg_path}: config file not found")
    try:  # confection, not spacy.util.load_config: a run served from the cache never imports
        # spaCy (seconds with torch installed)
        return Config().from_disk(cfg_path, overrides=overrides or {}, interpolate=True)
    except ConfigValidationError as err:
        raise _error(cfg_path, overrides, _describe(err), err) from err
    except Exception as err:  # confection raises several parser errors
        detail = f"cannot parse config ({_describe(err)})"
        raise _error(cfg_path, overrides, detail, err) from err


def load_nlp(path: str | Path | None = None, overrides: dict[str, Any] | None = None):
    """Assemble the pipeline and read every file its components need (models, rules: see
    :mod:`pipeline.saving`); unknown keys and bad values become :class:`ConfigError`."""
    import spacy

    from . import register_components
    from .language import ZhkgLanguage
    from .saving import read_all

    register_components()
    config = read_config(path, overrides)
    cfg_path = config_file(path)
    try:
        if config.get("nlp", {}).get("lang") == ZhkgLanguage.lang:
            nlp = ZhkgLanguage.from_config(config, auto_fill=True, validate=True)
        else:
            nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
        read_all(nlp)
        return nlp
    except ConfigValidationError as err:
        raise _error(cfg_path, overrides, _describe(err), err) from err
    except ModelMissingError:
        raise
    except Exception as err:  # a component rejected a setting (bad rules path,
        # malformed rules JSON, unknown registry name or language): a config error for the user
        detail = one_line(_describe(err), _MAX_DETAIL)
        detail = f"cannot build the pipeline ({type(err).__name__}: {detail})"
        raise _error(cfg_path, overrides, detail, err) from err


def is_saved_pipeline(path: str | Path | None) -> bool:
    """Is ``path`` a folder ``nlp.to_disk`` wrote (rather than a config file)?"""
    return path is not None and (Path(path) / "config.cfg").is_file()


def load_saved(path: str | Path, overrides: dict[str, Any] | None = None):
    """The pipeline ``nlp.to_disk(path)`` saved, as the zhkg Language (``spacy.load(path)``
    builds spaCy's ``Chinese`` from the same files, whose ``pipe`` tokenizes one text at a
    time). Every component reads the copies of its files in ``path``, none of the paths its
    config names (:mod:`pipeline.saving`); ``overrides`` as for :func:`load_nlp`."""
    from spacy import util

    from . import register_components
    from .language import ZhkgLanguage

    register_components()
    path = Path(path)
    config = util.load_config(path / "config.cfg", overrides=overrides or {})
    meta = util.load_meta(path / "meta.json") if (path / "meta.json").is_file() else {}
    nlp = ZhkgLanguage.from_config(config, auto_fill=True, validate=True, meta=meta)
    return nlp.from_disk(path, overrides=overrides or {})


def _error(
    cfg_path: Path, overrides: dict[str, Any] | None, detail: str, err: Exception
) -> ConfigError:
    """The error named after the command-line override that caused it, when one did (with
    the nearest setting the config has, for a misspelt key); else after the config file."""
    culprit = _culprit(err, overrides or {})
    if culprit is None:
        return ConfigError(f"{cfg_path}: {detail}")
    hint = ""
    try:
        keys = _dotted_keys(Config().from_disk(cfg_path, interpolate=False))
    except Exception:  # noqa: BLE001 - the hint is optional
        keys = []
    if culprit not in keys:
        close = difflib.get_close_matches(culprit, keys, n=1, cutoff=0.75)
        hint = f" (did you mean --{close[0]}?)" if close else " (no such setting in the config)"
    return ConfigError(f"override --{culprit} {overrides[culprit]!r}: {detail}{hint}")


def _culprit(err: Exception, overrides: dict[str, Any]) -> str | None:
    """The override ``err`` is about: named in the message, or the setting it failed on."""
    errors = getattr(err, "errors", None) or []
    locs = [".".join(map(str, e.get("loc", []))) for e in errors if isinstance(e, dict)]
    text = str(err)
    for key in overrides:
        last = key.rsplit(".", 1)[-1]
        if key in text or any(loc == last or loc.endswith(f".{last}") for loc in locs):
            return key
    return None


def _dotted_keys(section: dict, prefix: str = "") -> list[str]:
    keys: list[str] = []
    for name, value in section.items():
        key = f"{prefix}{name}"
        keys.append(key)
        if isinstance(value, dict):
            keys += _dotted_keys(value, f"{key}.")
    return keys


def _describe(err: Exception) -> str:
    """A config error on one line; a validation error lists each failing setting."""
    if isinstance(err, ConfigValidationError) and err.errors:
        parts = [f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in err.errors]
        title = one_line(err.title or "")
        return f"{title} ({'; '.join(parts)})" if title else "; ".join(parts)
    return one_line(err)
