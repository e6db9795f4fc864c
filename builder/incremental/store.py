"""The documents as earlier builds read and rendered them (units), kept by key in SITE/.cache/."""

from __future__ import annotations

from pathlib import Path

from .inputs import CACHE_DIR
from .sealed import Unreadable, header_for, read_record, tell_ignored, write_record


class UnitStore:
    """Documents as read and rendered by earlier builds, by key: plain data (sealed.dumps),
    decoded only when used.

    The units are spread over SHARDS files by key, so that a build that made one new unit
    rewrites one small file. Rewriting a shard keeps only the units the build used from it,
    so the store never grows much beyond the site.
    """

    SHARDS = 128
    """At 4,000 documents about 30 in a shard: a save in the preview rewrites 100 KB, not 1.5 MB."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.folder = site_dir / CACHE_DIR
        self.header = header_for("units", site_dir)
        self.shards: list[dict[str, str] | None] = [None] * self.SHARDS
        self.used: list[dict[str, str]] = [{} for _ in range(self.SHARDS)]

    def _shard(self, key: bytes) -> int:
        return key[0] % self.SHARDS

    def _load(self, index: int) -> dict[str, str]:
        shard = self.shards[index]
        if shard is None:
            path = self.folder / f"units-{index:x}"
            try:
                text = read_record(path, self.header)
                shard = _units_from_text(text) if text else {}
            except Unreadable as exc:
                tell_ignored(path, self.site_dir, str(exc))
                shard = {}
            self.shards[index] = shard
        return shard

    def get(self, key: bytes) -> str | None:
        """The unit of `key` as stored (sealed.dumps text), or None."""
        index = self._shard(key)
        name = key.hex()
        text = self._load(index).get(name)
        if isinstance(text, str):
            self.used[index][name] = text
            return text
        return None

    def put(self, key: bytes, text: str) -> None:
        if "\n" not in text:  # (sealed.dumps writes none: a unit is one line of its shard)
            self.used[self._shard(key)][key.hex()] = text

    def save(self, keep_unused: bool = False) -> None:
        """Write each shard this build added units to: with only the units it used, or, after a
        build that looked at some documents only (`keep_unused`), with the others kept too."""
        for index, used in enumerate(self.used):
            if not used:
                continue
            stored = self._load(index)
            if used.keys() - stored.keys():
                units = {**stored, **used} if keep_unused else used
                write_record(self.folder / f"units-{index:x}", self.header,
                             "\n".join(f"{key}\t{text}" for key, text in units.items()))


def _units_from_text(text: str) -> dict[str, str]:
    """A shard's units back from its text: a line `KEY<tab>UNIT` each (the unit's JSON is not
    quoted again inside a JSON of the shard: a third of a cold build's time saving its cache)."""
    units = {}
    for line in text.split("\n"):
        key, tab, unit = line.partition("\t")
        if not tab or len(key) != 32:
            raise Unreadable("not a record of this builder")
        units[key] = unit
    return units
