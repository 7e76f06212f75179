// Hashes, module zips and the checksum database. Re-exported by src/gomod/index.ts.
export * from './dirhash.ts';
export * from './zip.ts';
export * from './sumdb/note.ts';
export * from './sumdb/tlog.ts';
export {
  tilePath,
  parseTilePath,
  tileForIndex,
  hashFromTile,
  newTiles,
  readTileData,
  tileHashReader,
  tilesFromMap,
  splitDataTile,
  TileError,
  type Tile,
  type TileSource,
} from './sumdb/tile.ts';
export * from './sumdb/verify.ts';
export * from './sumdb/testlog.ts';
