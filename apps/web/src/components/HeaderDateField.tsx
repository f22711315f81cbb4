import { formatCouncilDate } from '@accord/model';
import { useId, useState } from 'react';

/**
 * The date a header will carry (a revision's, a corrigendum's): the form shows the day it opened on,
 * and `given` is a date only when it was changed, so that otherwise the server's clock dates it (a
 * form left open past midnight still gets the day it is sent on).
 */
export function useHeaderDate() {
  const [today, setToday] = useState('');
  const [date, setDate] = useState('');
  return {
    date,
    setDate,
    /** Shows today's date in Brussels, as the form opens. */
    showToday: () => {
      const day = formatCouncilDate(Date.now());
      setToday(day);
      setDate(day);
    },
    /** The date typed, or null when it is still the day shown. */
    given: (): string | null => (date.trim() === today ? null : date.trim()),
  };
}

export function HeaderDateField({
  value,
  onChange,
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  const hint = useId();
  return (
    <>
      <label>
        Dated{' '}
        <input
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          size={16}
          aria-describedby={hint}
        />
      </label>
      <span id={hint} className="quiet">
        as the header will read it: today in Brussels unless changed
      </span>
    </>
  );
}
