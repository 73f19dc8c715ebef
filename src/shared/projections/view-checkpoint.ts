/** A read view's checkpoint as a query saw it, in the same snapshot as the view's rows. */
export interface ViewCheckpoint {
  position: number;
  rebuilding: boolean;
}

/**
 * Select-list columns that read the view's checkpoint in the statement that reads its rows,
 * so both come from one snapshot: an answer is never judged by a checkpoint from before or
 * after it (a rebuild empties the view and marks the checkpoint in one transaction). The
 * view's name must be parameter `$1`. One round trip instead of three.
 */
export const CHECKPOINT_COLUMNS =
  '(SELECT position FROM projection_checkpoints WHERE name = $1) AS checkpoint_position, ' +
  '(SELECT rebuilding FROM projection_checkpoints WHERE name = $1) AS checkpoint_rebuilding';

export interface CheckpointColumns {
  checkpoint_position: number | string;
  checkpoint_rebuilding: number | string;
}

/** The checkpoint carried by a row read with CHECKPOINT_COLUMNS; null without a row. */
export function checkpointOf(row: CheckpointColumns | undefined): ViewCheckpoint | null {
  if (!row) return null;
  return {
    position: Number(row.checkpoint_position),
    rebuilding: Number(row.checkpoint_rebuilding) === 1,
  };
}
