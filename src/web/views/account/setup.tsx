import { MIN_PASSWORD_LENGTH, SETUP_LINK_HOURS } from '../../../modules/accounts/index.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../forms.js';
import { SiteLayout } from '../site-layout.js';

/**
 * First run: the form behind the one-time setup link the server logs while there is no
 * organiser, and what /orga says to a visitor meanwhile.
 */

export interface SetupFormValues {
  name: string;
  email: string;
}

export function SetupPage(props: {
  csrf: string;
  action: string;
  values?: SetupFormValues | undefined;
  errors?: FormErrors | undefined;
}): JSX.Element {
  return (
    <SiteLayout title="Set up Lectern" actor={undefined} csrf={props.csrf}>
      <h1>Set up Lectern</h1>
      <p>
        Create the first organiser's account. It organises every event there is now, the sample's included, and can
        create more events and invite the rest of the team.
      </p>
      <ErrorSummary errors={props.errors} labels={{ name: 'Your name', email: 'Email', password: 'Password' }} />
      <form class="form" method="post" action={props.action} novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          name="name"
          label="Your name"
          value={props.values?.name}
          autocomplete="name"
          required
          errors={props.errors}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          value={props.values?.email}
          autocomplete="email"
          required
          errors={props.errors}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          required
          hint={`At least ${MIN_PASSWORD_LENGTH} characters, and not a common or easily guessed one. A few unrelated words make a good one.`}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Create the organiser and log in</button>
        </div>
      </form>
    </SiteLayout>
  );
}

export function SetupLinkInvalidPage(props: { csrf: string; message: string }): JSX.Element {
  return (
    <SiteLayout title="Setup link not valid" actor={undefined} csrf={props.csrf}>
      <h1>Setup link not valid</h1>
      <p safe>{props.message}</p>
    </SiteLayout>
  );
}

/** /orga for a visitor while nobody organises anything: where the way in is. */
export function AwaitingSetupPage(props: { csrf: string }): JSX.Element {
  return (
    <SiteLayout title="Set up Lectern" actor={undefined} csrf={props.csrf}>
      <h1>Set up Lectern</h1>
      <p>
        Lectern has no organiser yet. When the server started, it wrote a one-time setup link to its log, on a line that
        begins “Set up Lectern:”. Open that link to create the first organiser.
      </p>
      <p>
        {`The link works once, for ${SETUP_LINK_HOURS} hours; restarting the server logs a new one. From the command line, npx lectern create-organiser --email YOU@EXAMPLE.ORG --event SLUG does the same (with PGlite, while the server is stopped).`}
      </p>
      <p>
        Already have an account? <a href="/login?next=%2Forga">Log in</a>.
      </p>
    </SiteLayout>
  );
}
