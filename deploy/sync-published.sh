#!/bin/sh
# Push the published database from the import host to the replica hosts (docs/deploy.md).
# Usage: deploy/sync-published.sh replica-host-1 replica-host-2 ...
# Run after every import, e.g. by deploy/systemd/sangkien-sync.path. Order matters: the version
# files first (immutable; rsync writes each to a temporary name and renames it, so a host never
# sees half a file), then the pointer, so a replica never reads a pointer naming a file its host
# does not have yet. Versions the import host's cleanup removed go here too (--delete applies to
# the included names only), at least the grace period after they stopped being current.
set -eu
DB=${SANGKIEN_DB:-/var/lib/sangkien/sangkien.duckdb}
DIR=$(dirname "$DB")
NAME=$(basename "$DB")
STEM=${NAME%.duckdb}
for host in "$@"; do
  rsync -a --delete --include="$NAME" --include="$STEM.v*.duckdb" --exclude='*' "$DIR/" "$host:$DIR/"
  if [ -f "$DIR/$NAME.current" ]; then
    rsync -a "$DIR/$NAME.current" "$host:$DIR/$NAME.current"
  fi
done
