"""Chart builders, one module per page family, on one shared look.

style: the colours, font, title and as-of stamp, day ticks and label breaking every chart shares;
scale: value axes (robust bounds, round ticks, share decimals, label positions); bars: traces one
per group (a status) and honest bars (as long as their values, dwarfs in a panel of their own).
The pages' charts: overview, progress, unit, targets, leaderboards, watchlist, composition,
meeting, emulation, import_data. Each builder a page calls is decorated with figcache.cached, so
the same inputs give the same shared, read-only figure; builders complete each other's figures
only through undecorated helpers (or `.uncached`).
"""
