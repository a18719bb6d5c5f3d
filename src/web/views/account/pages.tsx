import type { Actor } from '../../../modules/accounts/index.js';
import { MIN_PASSWORD_LENGTH } from '../../../modules/accounts/index.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../forms.js';
import { SiteLayout, withNext, type SiteLayoutProps } from '../site-layout.js';
import { escapeHtml } from '../../../shared/html.js';

interface Common {
  csrf: string;
  actor: Actor | undefined;
  flash?: SiteLayoutProps['flash'];
  errors?: FormErrors | undefined;
}

const passwordHint = `At least ${MIN_PASSWORD_LENGTH} characters, and not a common or easily guessed one. A few unrelated words make a good one.`;

export function LoginPage(props: Common & { email?: string; next: string }): JSX.Element {
  return (
    <SiteLayout title="Log in" actor={props.actor} csrf={props.csrf} flash={props.flash} next={props.next}>
      <h1>Log in</h1>
      <ErrorSummary errors={props.errors} />
      <form class="form" method="post" action="/login" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={escapeHtml(props.next)} />
        <TextField
          name="email"
          label="Email"
          type="email"
          value={props.email}
          autocomplete="username"
          required
          errors={props.errors}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          required
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Log in</button>
          <a href="/password/forgot">Forgot your password?</a>
        </div>
      </form>
      <p>
        No account yet? <a href={withNext('/signup', props.next)}>Sign up</a> to propose a talk.
      </p>
    </SiteLayout>
  );
}

export function SignupPage(props: Common & { email?: string; name?: string; next: string }): JSX.Element {
  return (
    <SiteLayout title="Sign up" actor={props.actor} csrf={props.csrf} flash={props.flash} next={props.next}>
      <h1>Create your account</h1>
      <p>With an account you can propose talks to events, and see and edit your proposals.</p>
      <p>We will mail you a link to confirm your address: your account works once you have opened it.</p>
      <ErrorSummary errors={props.errors} labels={{ name: 'Name', email: 'Email', password: 'Password' }} />
      <form class="form" method="post" action="/signup" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="next" value={escapeHtml(props.next)} />
        <TextField
          name="name"
          label="Your name"
          value={props.name}
          autocomplete="name"
          required
          errors={props.errors}
          maxlength={120}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          value={props.email}
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
          hint={passwordHint}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Create account</button>
        </div>
      </form>
      <p>
        Already have an account? <a href={withNext('/login', props.next)}>Log in</a>.
      </p>
    </SiteLayout>
  );
}

export function ForgotPasswordPage(props: Common & { sent: boolean; email?: string }): JSX.Element {
  return (
    <SiteLayout title="Reset your password" actor={props.actor} csrf={props.csrf} flash={props.flash}>
      <h1>Reset your password</h1>
      {props.sent ? (
        <p role="status">
          If an account exists for that address, we have sent it a link to choose a new password. The link works for 2
          hours.
        </p>
      ) : (
        <>
          <ErrorSummary errors={props.errors} />
          <form class="form" method="post" action="/password/forgot" novalidate>
            <CsrfField token={props.csrf} />
            <TextField
              name="email"
              label="Email"
              type="email"
              value={props.email}
              autocomplete="email"
              required
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Send me a link</button>
            </div>
          </form>
        </>
      )}
    </SiteLayout>
  );
}

export function ChoosePasswordPage(
  props: Common & { action: string; email: string | undefined; askName: boolean; name?: string; invalid: boolean },
): JSX.Element {
  return (
    <SiteLayout title="Choose a password" actor={props.actor} csrf={props.csrf} flash={props.flash}>
      <h1>Choose a password</h1>
      {props.invalid ? (
        <p>
          This link has expired or was already used. <a href="/password/forgot">Ask for a new one</a>.
        </p>
      ) : (
        <>
          <p safe>{`For the account ${props.email ?? ''}.`}</p>
          <ErrorSummary errors={props.errors} />
          <form class="form" method="post" action={props.action} novalidate>
            <CsrfField token={props.csrf} />
            {props.askName ? (
              <TextField
                name="name"
                label="Your name"
                value={props.name}
                autocomplete="name"
                required
                errors={props.errors}
              />
            ) : (
              ''
            )}
            <TextField
              name="password"
              label="New password"
              type="password"
              autocomplete="new-password"
              required
              hint={passwordHint}
              errors={props.errors}
            />
            <div class="actions">
              <button type="submit">Save password and log in</button>
            </div>
          </form>
        </>
      )}
    </SiteLayout>
  );
}

export function ConfirmAddressPage(
  props: Common & {
    action: string;
    email: string | undefined;
    /** Where the sign-up was to lead (the link's own next), for a log-in link to lead there too. */
    next: string | undefined;
  },
): JSX.Element {
  return (
    <SiteLayout
      title="Confirm your address"
      actor={props.actor}
      csrf={props.csrf}
      flash={props.flash}
      next={props.next}
    >
      <h1>Confirm your address</h1>
      {props.email === undefined ? (
        <p>
          This link has expired or was already used. <a href={withNext('/login', props.next)}>Log in</a> to get a new
          one, or <a href="/password/forgot">reset your password</a>.
        </p>
      ) : (
        <>
          <p safe>{`Confirm that ${props.email} is your address, to finish signing up and log in.`}</p>
          <form class="form" method="post" action={props.action} novalidate>
            <CsrfField token={props.csrf} />
            <div class="actions">
              <button type="submit">Confirm my address and log in</button>
            </div>
          </form>
        </>
      )}
    </SiteLayout>
  );
}

export function AccountPage(props: Common & { actor: Actor; name?: string }): JSX.Element {
  return (
    <SiteLayout title="Your account" actor={props.actor} csrf={props.csrf} flash={props.flash}>
      <h1>Your account</h1>
      <p safe>{`Signed in as ${props.actor.user.email}.`}</p>
      <ErrorSummary
        errors={props.errors}
        labels={{ name: 'Name', currentPassword: 'Current password', newPassword: 'New password' }}
      />
      <h2>Profile</h2>
      <form class="form" method="post" action="/account" novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          name="name"
          label="Your name"
          value={props.name ?? props.actor.user.name}
          required
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
      <h2>Password</h2>
      <form class="form" method="post" action="/account/password" novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
          required
          errors={props.errors}
        />
        <TextField
          name="newPassword"
          label="New password"
          type="password"
          autocomplete="new-password"
          required
          hint={`${passwordHint} Changing it logs you out everywhere else and revokes your API tokens.`}
          errors={props.errors}
        />
        <div class="actions">
          <button type="submit">Change password</button>
        </div>
      </form>
    </SiteLayout>
  );
}
