import { MAX_POSITION_NOTE_CHARS } from '@accord/model';
import { CountedTextarea } from './CountedTextarea';

/** The note given with a position or a reservation: two rows, stopping at what the server takes. */
export function PositionNoteInput({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <CountedTextarea
      className="note-input"
      value={value}
      onChange={onChange}
      rows={2}
      limit={MAX_POSITION_NOTE_CHARS}
    />
  );
}
