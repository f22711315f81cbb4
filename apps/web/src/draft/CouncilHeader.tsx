/**
 * The header block of a Council document (place and date, original language, number, marking, codes,
 * type, From/To, previous documents, subject), read from and written to the `meta` map of the live
 * document. Each field is last-writer-wins, which suits short header fields. Editable only for the
 * roles that may `edit-header` (the Presidency, the Secretariat): everyone else reads it as text, and
 * the server refuses their changes to it.
 */
import { COUNCIL_NAME, type DocumentMetadata, describeWorkingDraft, HEADER_LABELS } from '@accord/model';
import { getMeta } from '@accord/ydoc';
import { useState } from 'react';
import type * as Y from 'yjs';

type TextKey = {
  [K in keyof DocumentMetadata]: DocumentMetadata[K] extends string | null ? K : never;
}[keyof DocumentMetadata];
type ListKey = {
  [K in keyof DocumentMetadata]: DocumentMetadata[K] extends readonly string[] ? K : never;
}[keyof DocumentMetadata];

interface HeaderProps {
  readonly doc: Y.Doc;
  readonly metadata: DocumentMetadata;
  readonly editable: boolean;
}

function writeField(doc: Y.Doc, key: keyof DocumentMetadata, value: string | null | string[]) {
  getMeta(doc).set(key, value);
}

/** Lines of a list field (codes, previous documents): one entry per line, blank lines dropped. */
export function parseListField(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

interface FieldProps extends HeaderProps {
  readonly label: string;
  readonly className?: string;
  readonly multiline?: boolean;
  readonly placeholder?: string;
}

/**
 * One editable header field. While it has focus it shows what is being typed, not the live value, so a
 * keystroke never races the document's round trip; remote changes show once it loses focus.
 */
function FieldInput({
  value,
  onChange,
  label,
  className,
  multiline,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  className?: string;
  multiline?: boolean;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? value;
  const common = {
    'aria-label': label,
    className: `meta-input ${className ?? ''}`,
    value: shown,
    placeholder,
    onFocus: () => setDraft(value),
    onBlur: () => setDraft(null),
  };
  if (multiline) {
    return (
      <textarea
        {...common}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(e.target.value);
        }}
      />
    );
  }
  return (
    <input
      {...common}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(e.target.value);
      }}
    />
  );
}

function TextField({ doc, metadata, editable, field, ...rest }: FieldProps & { readonly field: TextKey }) {
  const value = metadata[field] ?? '';
  if (!editable) return value === '' ? null : <span className={rest.className}>{value}</span>;
  return (
    <FieldInput
      {...rest}
      value={value}
      onChange={(next) => writeField(doc, field, next.trim() === '' ? null : next)}
    />
  );
}

function ListField({ doc, metadata, editable, field, ...rest }: FieldProps & { readonly field: ListKey }) {
  const value = metadata[field].join('\n');
  if (!editable) return value === '' ? null : <span className={rest.className}>{value}</span>;
  return (
    <FieldInput
      {...rest}
      multiline
      value={value}
      onChange={(next) => writeField(doc, field, parseListField(next))}
    />
  );
}

export function CouncilHeader({
  workingDraftAfter,
  ...props
}: HeaderProps & {
  /** The last issued revision's label while the live text differs from it (`useWorkingDraftAfter`). */
  readonly workingDraftAfter: string | null;
}) {
  const { metadata, editable } = props;
  const showLanguage = editable || metadata.language !== null;
  return (
    <section className="council-header" aria-label="Document header">
      <div className="council-header-top">
        <p className="council-institution">{COUNCIL_NAME}</p>
        <div className="council-register">
          <p className="council-place-date">
            <TextField {...props} field="place" label="Place" placeholder="Brussels" />
            {(editable || (metadata.place && metadata.date)) && ', '}
            <TextField {...props} field="date" label="Date" placeholder="date" />
          </p>
          {showLanguage && (
            <p className="council-language">
              (OR. <TextField {...props} field="language" label="Original language" placeholder="en" />)
            </p>
          )}
          <p className="council-number">
            <TextField {...props} field="number" label="Document number" placeholder="number" />
          </p>
          {/* Under the number, as an export of the live text says it. */}
          {workingDraftAfter !== null && (
            <p className="council-draft">{describeWorkingDraft(workingDraftAfter)}</p>
          )}
          <p className="council-marking">
            <TextField
              {...props}
              field="marking"
              label="Marking"
              placeholder={editable ? 'marking' : undefined}
            />
          </p>
          <p className="council-codes">
            <ListField {...props} field="codes" label="Subject codes, one per line" placeholder="codes" />
          </p>
        </div>
      </div>
      <p className="council-type">
        <TextField {...props} field="type" label="Document type" placeholder="NOTE" />
      </p>
      <dl className="council-addressing">
        <dt>{HEADER_LABELS.from}</dt>
        <dd>
          <TextField {...props} field="from" label="From" placeholder="Presidency" />
        </dd>
        <dt>{HEADER_LABELS.to}</dt>
        <dd>
          <TextField {...props} field="to" label="To" placeholder="Delegations" />
        </dd>
        {(editable || metadata.previous.length > 0) && (
          <>
            <dt>{HEADER_LABELS.previous}</dt>
            <dd>
              <ListField {...props} field="previous" label="Previous documents, one per line" />
            </dd>
          </>
        )}
        <dt>{HEADER_LABELS.subject}</dt>
        <dd className="council-subject">
          <TextField {...props} field="subject" label="Subject" multiline placeholder="Subject" />
        </dd>
      </dl>
    </section>
  );
}
