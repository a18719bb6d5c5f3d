import type { Children } from '@kitajs/html';
import { escapeHtml } from '../../shared/html.js';

/**
 * Form parts for the signed-in site. Every field has a visible label, its hint and error are
 * tied to it with aria-describedby, and an invalid field says so (aria-invalid).
 *
 * @kitajs/html escapes only `"` in attribute values: every value that may hold what someone
 * typed goes through escapeHtml, or an `&amp;` in it would come back from the browser as `&`.
 */

export type FormErrors = Record<string, string>;

interface FieldBase {
  name: string;
  label: string;
  hint?: string | undefined;
  errors?: FormErrors | undefined;
  required?: boolean | undefined;
}

function describedBy(props: FieldBase): string | undefined {
  const ids = [props.hint ? `${props.name}-hint` : '', props.errors?.[props.name] ? `${props.name}-error` : ''].filter(
    Boolean,
  );
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function HintAndError(props: FieldBase): JSX.Element {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      {props.errors?.[props.name] ? (
        <p class="error" id={`${props.name}-error`} safe>
          {props.errors[props.name]}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export function CsrfField(props: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={escapeHtml(props.token)} />;
}

export function TextField(
  props: FieldBase & {
    value?: string | number | undefined | null;
    type?: 'text' | 'email' | 'password' | 'number' | 'datetime-local' | 'date' | 'time' | 'url' | 'color';
    autocomplete?: string;
    maxlength?: number;
    min?: number;
    max?: number;
    /** The id of a <datalist> of suggestions (searchable in browsers, and typed freely without JavaScript). */
    list?: string;
  },
): JSX.Element {
  return (
    <div class="field">
      <label for={props.name} safe>
        {props.label + (props.required ? ' (required)' : '')}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        value={
          props.type === 'password' || props.value === null || props.value === undefined
            ? undefined
            : escapeHtml(String(props.value))
        }
        required={props.required}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        min={props.min === undefined ? undefined : String(props.min)}
        max={props.max === undefined ? undefined : String(props.max)}
        list={props.list}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
      />
      <HintAndError {...props} />
    </div>
  );
}

/**
 * A time zone: typed, with the list of zones to search as one types (a <datalist>: browsers
 * filter it by what is typed, and without JavaScript too). The server takes only listed zones.
 */
export function TimeZoneField(
  props: FieldBase & { value?: string | undefined; zones: readonly string[] },
): JSX.Element {
  const listId = `${props.name}-zones`;
  return (
    <>
      <TextField {...props} list={listId} autocomplete="off" />
      <datalist id={listId}>
        {props.zones.map((zone) => (
          <option value={escapeHtml(zone)} />
        ))}
      </datalist>
    </>
  );
}

/** A file to upload; its form needs method=post and enctype=multipart/form-data. */
export function FileField(props: FieldBase & { accept: string }): JSX.Element {
  return (
    <div class="field">
      <label for={props.name} safe>
        {props.label + (props.required ? ' (required)' : '')}
      </label>
      <input
        id={props.name}
        name={props.name}
        type="file"
        accept={escapeHtml(props.accept)}
        required={props.required}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
      />
      <HintAndError {...props} />
    </div>
  );
}

export function TextArea(
  props: FieldBase & { value?: string | undefined; rows?: number; maxlength?: number },
): JSX.Element {
  return (
    <div class="field">
      <label for={props.name} safe>
        {props.label + (props.required ? ' (required)' : '')}
      </label>
      <textarea
        id={props.name}
        name={props.name}
        rows={String(props.rows ?? 6)}
        required={props.required}
        maxlength={props.maxlength === undefined ? undefined : String(props.maxlength)}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
        safe
      >
        {props.value ?? ''}
      </textarea>
      <HintAndError {...props} />
    </div>
  );
}

export function SelectField(
  props: FieldBase & {
    value?: string | undefined;
    options: { value: string; label: string }[];
    /** A first, empty choice ("No track"). */
    empty?: string;
  },
): JSX.Element {
  return (
    <div class="field">
      <label for={props.name} safe>
        {props.label + (props.required ? ' (required)' : '')}
      </label>
      <select
        id={props.name}
        name={props.name}
        required={props.required}
        aria-describedby={describedBy(props)}
        aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
      >
        {props.empty !== undefined ? (
          <option value="" safe>
            {props.empty}
          </option>
        ) : (
          ''
        )}
        {props.options.map((option) => (
          <option value={escapeHtml(option.value)} selected={option.value === props.value} safe>
            {option.label}
          </option>
        ))}
      </select>
      <HintAndError {...props} />
    </div>
  );
}

export function Checkbox(props: FieldBase & { checked?: boolean; value?: string }): JSX.Element {
  return (
    <div class="field">
      <label class="choice">
        <input
          type="checkbox"
          name={props.name}
          value={escapeHtml(props.value ?? 'on')}
          checked={props.checked}
          id={props.name}
          aria-describedby={describedBy(props)}
          aria-invalid={props.errors?.[props.name] ? 'true' : undefined}
        />
        <span safe>{props.label}</span>
      </label>
      <HintAndError {...props} />
    </div>
  );
}

export function RadioGroup(
  props: FieldBase & { value?: string | undefined; options: { value: string; label: string }[] },
): JSX.Element {
  return (
    <fieldset class="field" aria-describedby={describedBy(props)}>
      <legend safe>{props.label + (props.required ? ' (required)' : '')}</legend>
      {props.options.map((option, index) => (
        <label class="choice">
          <input
            type="radio"
            name={props.name}
            value={escapeHtml(option.value)}
            checked={option.value === props.value}
            required={props.required}
            // The first choice carries the field's id: the error summary's link leads to it.
            id={index === 0 ? props.name : `${props.name}-${index}`}
          />
          <span safe>{option.label}</span>
        </label>
      ))}
      <HintAndError {...props} />
    </fieldset>
  );
}

/**
 * The list of a form's problems, at its top. It is announced (role=alert) and takes the focus
 * when the page loads (autofocus, no script needed), so keyboard and screen-reader users start
 * from it; each entry links to its field.
 */
export function ErrorSummary(props: { errors: FormErrors | undefined; labels?: Record<string, string> }): JSX.Element {
  const entries = Object.entries(props.errors ?? {});
  if (entries.length === 0) return '';
  return (
    <div class="form-errors" role="alert" tabindex="-1" attrs={{ autofocus: true }}>
      <h2>Please correct this:</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            {name === '_form' ? (
              <span safe>{message}</span>
            ) : (
              <a href={`#${name}`} safe>
                {`${props.labels?.[name] ?? name}: ${message}`}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PostButton(props: {
  action: string;
  csrf: string;
  label: string;
  class?: string;
  hidden?: Record<string, string>;
  children?: Children;
}): JSX.Element {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={escapeHtml(value)} />
      ))}
      <button type="submit" class={props.class} safe>
        {props.label}
      </button>
    </form>
  );
}
