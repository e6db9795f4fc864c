"""Incremental builds: a build redoes only what changed since the last good build, and is never stale.

The rule, in one place: anything a build reuses (a document as read and rendered, an output
file as written) is reused only under a key that covers everything it was made from, and any
doubt means "changed". Three levels of key, each covering everything the level below may read:
- the site-wide key: the builder (its files, its libraries, Python), site.yaml, the build
  options, and every content file that is not itself a document (timelines, sources.yaml);
- a document's key: the site-wide key plus its own file (and a seed article's sidecar);
- an output job's key: the site-wide key, the templates, the navigation, its own document's
  key and the site-wide lists it uses; plus, checked separately, what its template was seen
  reading while it rendered last time (render.PageReads).
An input is known by its stat *and* the hash of its bytes. No manifest, another site, an
output folder that is not the one the manifest describes, a damaged or foreign cache file:
each means "changed", and the build does everything, which is slower but never wrong.
tests/test_cache.py checks every kind of edit against a cold build of the same input.

The modules, in the order a build uses them:
- inputs.py: the input files as a build saw them (stamps, hashes, keys made of them);
- sealed.py: the cache's files as plain data, sealed, read back as data only (never code);
- manifest.py: what the last good build into one output folder read, made and said;
- store.py: the documents as earlier builds read and rendered them (units);
- cache.py: BuildCache, one build's view of all that, and Session, the preview's memory;
- quick.py: the quick path, when only some articles' own text changed.
build.py decides what a match allows; pages.make_outputs and units.load_units reuse by it.
"""
