"""Photos: from a post's image files to the published renditions and the markup that shows them.

- `renditions`: the settings (widths, qualities, pixel limit) and what a processed photo is
- `opening`: opening a file as the build does, refusing what cannot be published (`ImageError`)
- `render`: one photo's renditions with Pillow: orientation, sRGB, sizes, no metadata
- `hashes`: each source's content hash, remembered by size and mtime (`index.json`)
- `cache`: the renditions on disk, shared by bantin processes: entries, staging, cleaning
- `process`: every photo through the cache, new ones rendered in worker processes; progress
- `picture`: where renditions are published (ASCII URLs) and the <picture> that shows them
- `gallery`: the published posts' photos: renditions for each, errors at each post naming one

Nothing here knows about MkDocs; only `gallery` knows about posts.
"""
