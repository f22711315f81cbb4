import { type Ref, type TextareaHTMLAttributes, useId } from 'react';

/** How close to its limit a text grows before the box says how much of it is used. */
const COUNT_WITHIN = 200;

interface CountedTextareaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'maxLength'> {
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** The most characters the server takes for this field. */
  readonly limit: number;
  readonly ref?: Ref<HTMLTextAreaElement>;
}

/**
 * A text box that stops at the characters the server takes, and counts them once the text nears the
 * limit ("1,850 of 2,000 characters"): a longer text was refused only once it was sent.
 */
export function CountedTextarea({ value, onChange, limit, ref, ...rest }: CountedTextareaProps) {
  const countId = useId();
  const counted = value.length >= limit - COUNT_WITHIN;
  return (
    <>
      <textarea
        {...rest}
        ref={ref}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={limit}
        aria-describedby={counted ? countId : undefined}
      />
      {counted && (
        <span id={countId} className="note-count">
          {value.length.toLocaleString('en-GB')} of {limit.toLocaleString('en-GB')} characters
        </span>
      )}
    </>
  );
}
