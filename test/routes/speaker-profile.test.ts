import { asc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { events, speakerPhotos, speakers } from '../../src/db/schema.js';
import { buildTestApp, TEST_PUBLIC_URL } from '../helpers/app.js';
import { Browser, createUser } from '../helpers/site.js';
import { completeProposal, createCfpEvent, setState, submitProposal, talkByCode } from './speaker-fixtures.js';

/**
 * The speaker profile beyond name and biography: a photo uploaded (resized, re-encoded, its
 * metadata gone, kept in the database and served with its hash in the address), links shown on
 * the speaker's page and in the API, and taking one's profile from another event.
 */

const PROFILE = '/pycon-2099/me/profile';

/** A real photo: a 1200 × 800 JPEG whose EXIF says where it was taken (GPS) and with what. */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c2410c' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Phone 9', Copyright: 'Ada' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 0/1' },
    })
    .toBuffer();
}

function file(data: Buffer, type = 'image/jpeg', filename = 'me.jpg') {
  return { data, type, filename };
}

/** Ada, logged in, with a proposal (and so a profile) at PyCon 2099, confirmed so that the program shows her. */
async function adaWithProfile() {
  const test = await buildTestApp();
  const { event } = await createCfpEvent(test.db);
  const ada = await createUser(test.db, { email: 'ada@example.com', name: 'Ada Lovelace' });
  const browser = new Browser(test.app);
  await browser.login('ada@example.com');
  const code = await submitProposal(browser, 'pycon-2099', completeProposal());
  await setState(test.db, code, 'confirmed');
  await test.agenda.reload('pycon-2099');
  const talk = await talkByCode(test.db, code);
  await browser.get(PROFILE);
  return { ...test, event, ada, browser, talk };
}

async function photoRows(db: Awaited<ReturnType<typeof buildTestApp>>['db']) {
  return db
    .select({
      id: speakerPhotos.id,
      hash: speakerPhotos.hash,
      width: speakerPhotos.width,
      height: speakerPhotos.height,
    })
    .from(speakerPhotos)
    .orderBy(asc(speakerPhotos.id));
}

async function photoUrlOf(db: Awaited<ReturnType<typeof buildTestApp>>['db'], name = 'Ada Lovelace') {
  const rows = await db.select({ photoUrl: speakers.photoUrl }).from(speakers).where(eq(speakers.name, name));
  return rows.map((row) => row.photoUrl);
}

describe('uploading a speaker photo', () => {
  it('cuts a JPEG to a 512 px WebP square without its EXIF and GPS, serves it immutable with an ETag, and shows it on the program and in the API', async () => {
    const { app, db, agenda, browser, talk } = await adaWithProfile();
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeInstanceOf(Buffer);

    const uploaded = await browser.postMultipart(`${PROFILE}/photo`, { photo: file(original) });
    expect(uploaded.statusCode).toBe(303);
    expect(uploaded.headers.location).toBe(PROFILE);
    const [row] = await photoRows(db);
    expect(row).toEqual({ id: 1, hash: expect.stringMatching(/^[0-9a-f]{16}$/), width: 512, height: 512 });
    const path = `/media/speaker-photos/1-${row!.hash}.webp`;
    expect(await photoUrlOf(db)).toEqual([path]);

    const served = await app.inject({ url: path });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers.etag).toBe(`"${row!.hash}"`);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const metadata = await sharp(served.rawPayload).metadata();
    expect({
      format: metadata.format,
      width: metadata.width,
      height: metadata.height,
      exif: metadata.exif,
      icc: metadata.icc,
      xmp: metadata.xmp,
    }).toEqual({ format: 'webp', width: 512, height: 512, exif: undefined, icc: undefined, xmp: undefined });
    // A cache that holds it asks again with its ETag: nothing has changed.
    const revalidated = await app.inject({ url: path, headers: { 'if-none-match': `"${row!.hash}"` } });
    expect([revalidated.statusCode, revalidated.body]).toEqual([304, '']);
    // Another hash (or id) is no photo.
    expect((await app.inject({ url: `/media/speaker-photos/1-${'0'.repeat(16)}.webp` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/media/speaker-photos/2-${row!.hash}.webp` })).statusCode).toBe(404);
    expect((await app.inject({ url: '/media/speaker-photos/1-abc.png' })).statusCode).toBe(400);

    await agenda.reload('pycon-2099');
    const talkPage = (await app.inject({ url: `/pycon-2099/talks/${talk.slug}` })).body;
    expect(talkPage).toContain(
      `<img class="avatar avatar--photo" src="${path}" alt="" width="44" height="44" loading="lazy" decoding="async" referrerpolicy="no-referrer"/>`,
    );
    const api = (await app.inject({ url: '/api/events/pycon-2099/speakers' })).json();
    expect(api.speakers.map((s: { photoUrl: string | null }) => s.photoUrl)).toEqual([`${TEST_PUBLIC_URL}${path}`]);
    // The profile page shows it, and offers to remove it.
    const profilePage = (await browser.get(PROFILE)).body;
    expect(profilePage).toContain('The program shows the photo you uploaded.');
    expect(profilePage).toContain(`action="${PROFILE}/photo/delete"`);
  });

  it('keeps a small PNG at its size, and replaces the photo before, deleting it', async () => {
    const { db, browser } = await adaWithProfile();
    const first = await sharp({ create: { width: 900, height: 900, channels: 4, background: '#0000ff80' } })
      .png()
      .toBuffer();
    expect(
      (await browser.postMultipart(`${PROFILE}/photo`, { photo: file(first, 'image/png', 'a.png') })).statusCode,
    ).toBe(303);
    const small = await sharp({ create: { width: 200, height: 120, channels: 3, background: '#00ff00' } })
      .webp()
      .toBuffer();
    // The declared type does not matter: the bytes say what the file is.
    const replaced = await browser.postMultipart(`${PROFILE}/photo`, {
      photo: file(small, 'application/octet-stream', 'b.bin'),
    });
    expect(replaced.statusCode).toBe(303);
    const rows = await photoRows(db);
    expect(rows).toEqual([{ id: 2, hash: expect.any(String), width: 200, height: 120 }]);
    expect(await photoUrlOf(db)).toEqual([`/media/speaker-photos/2-${rows[0]!.hash}.webp`]);
  });

  it('refuses a file that is no JPEG, PNG or WebP image, a GIF, no file, and a decompression bomb with a 400 naming the photo, writing nothing', async () => {
    const { db, browser } = await adaWithProfile();
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    // 8000 × 6000 pixels (48 megapixels) in a PNG of a few kilobytes.
    const bomb = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(200_000);
    const cases: [Record<string, string | ReturnType<typeof file>>, string][] = [
      [
        { photo: file(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml') },
        'the file is not a JPEG, PNG or WebP image',
      ],
      [{ photo: file(Buffer.from('not an image at all')) }, 'the file is not a JPEG, PNG or WebP image'],
      [{ photo: file(gif, 'image/gif', 'a.gif') }, 'the file is not a JPEG, PNG or WebP image'],
      [{ photo: file(Buffer.alloc(0), 'application/octet-stream', '') }, 'choose an image file to upload'],
      [{}, 'choose an image file to upload'],
      [{ photo: file(bomb, 'image/png', 'bomb.png') }, 'the image is too large: at most 40 megapixels, please'],
    ];
    const got: string[] = [];
    for (const [form, message] of cases) {
      const response = await browser.postMultipart(`${PROFILE}/photo`, form);
      const shown = /<p class="error" id="photo-error">([^<]*)<\/p>/.exec(response.body)?.[1];
      got.push(`${response.statusCode} ${shown}`);
      expect(`${response.statusCode} ${shown}`).toBe(`400 ${message}`);
    }
    expect(await photoRows(db)).toEqual([]);
    expect(await photoUrlOf(db)).toEqual([null]);
  });

  it('refuses a file over 10 MB with a 413 saying so', async () => {
    const { db, browser } = await adaWithProfile();
    const huge = Buffer.concat([await jpegWithGps(), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await browser.postMultipart(`${PROFILE}/photo`, { photo: file(huge) });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('The file is larger than 10 MB: choose a smaller one.');
    expect(await photoRows(db)).toEqual([]);
  });

  it('refuses an upload without the form’s CSRF token with a 403, multipart or not', async () => {
    const { db, browser } = await adaWithProfile();
    const withoutToken = await browser.postMultipart(
      `${PROFILE}/photo`,
      { photo: file(await jpegWithGps()) },
      { csrf: false },
    );
    expect(withoutToken.statusCode).toBe(403);
    const wrongToken = await browser.postMultipart(
      `${PROFILE}/photo`,
      { _csrf: 'not-the-token', photo: file(await jpegWithGps()) },
      { csrf: false },
    );
    expect(wrongToken.statusCode).toBe(403);
    const urlencoded = await browser.post(`${PROFILE}/photo`, {}, { csrf: false });
    expect(urlencoded.statusCode).toBe(403);
    expect(await photoRows(db)).toEqual([]);
  });

  it('removes the photo: the program shows the initials again and the image is gone', async () => {
    const { app, db, agenda, browser, talk } = await adaWithProfile();
    await browser.postMultipart(`${PROFILE}/photo`, { photo: file(await jpegWithGps()) });
    const [row] = await photoRows(db);
    await browser.get(PROFILE);
    const removed = await browser.post(`${PROFILE}/photo/delete`, {});
    expect(removed.statusCode).toBe(303);
    expect(await photoRows(db)).toEqual([]);
    expect(await photoUrlOf(db)).toEqual([null]);
    expect((await app.inject({ url: `/media/speaker-photos/1-${row!.hash}.webp` })).statusCode).toBe(404);
    await agenda.reload('pycon-2099');
    expect((await app.inject({ url: `/pycon-2099/talks/${talk.slug}` })).body).toContain(
      '<span class="avatar avatar--tone',
    );
  });

  it('takes an uploaded photo’s address in the profile form only for one’s own photo', async () => {
    const { app, db, browser } = await adaWithProfile();
    await browser.postMultipart(`${PROFILE}/photo`, { photo: file(await jpegWithGps()) });
    const [own] = await photoRows(db);
    const ownPath = `/media/speaker-photos/${own!.id}-${own!.hash}.webp`;
    const profile = { name: 'Ada Lovelace', biography: 'Counts.' };
    // Saving the form again keeps it (the field holds its address).
    expect((await browser.post(PROFILE, { ...profile, photoUrl: ownPath })).statusCode).toBe(303);
    expect(await photoUrlOf(db)).toEqual([ownPath]);

    // Grace uploads hers at another event; Ada cannot name it as her own.
    const { event: other } = await createCfpEvent(db, { slug: 'jsconf-2099', name: 'JSConf 2099' });
    expect(other.slug).toBe('jsconf-2099');
    await createUser(db, { email: 'grace@example.com', name: 'Grace Hopper' });
    const grace = new Browser(app);
    await grace.login('grace@example.com');
    await submitProposal(grace, 'jsconf-2099', completeProposal({ speakerName: 'Grace Hopper' }));
    await grace.get('/jsconf-2099/me/profile');
    await grace.postMultipart('/jsconf-2099/me/profile/photo', {
      photo: file(
        await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } })
          .png()
          .toBuffer(),
        'image/png',
      ),
    });
    const [graces] = (await photoRows(db)).filter((row) => row.id !== own!.id);
    const gracePath = `/media/speaker-photos/${graces!.id}-${graces!.hash}.webp`;
    const refused = await browser.post(PROFILE, { ...profile, photoUrl: gracePath }, { formUrl: PROFILE });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      '<p class="error" id="photoUrl-error">that is not a photo you uploaded; upload it, or give an https:// address</p>',
    );
    expect(await photoUrlOf(db)).toEqual([ownPath]);
  });
});

describe('a speaker’s links', () => {
  it('keeps up to five https links, names an untitled one after its site, and shows them on the speaker’s page and in the API', async () => {
    const { app, db, agenda, browser } = await adaWithProfile();
    const saved = await browser.post(PROFILE, {
      name: 'Ada Lovelace',
      biography: 'Counts.',
      photoUrl: '',
      linkTitle1: 'Website',
      linkUrl1: ' https://ada.example.org/ ',
      linkTitle2: '',
      linkUrl2: '',
      linkTitle3: '',
      linkUrl3: 'https://www.github.com/ada',
      linkTitle4: 'Mastodon <3',
      linkUrl4: 'https://social.example/@ada',
      linkTitle5: '',
      linkUrl5: '',
    });
    expect(saved.statusCode).toBe(303);
    const [row] = await db.select({ links: speakers.links, slug: speakers.slug }).from(speakers);
    expect(row!.links).toEqual([
      { title: 'Website', url: 'https://ada.example.org/' },
      { title: 'github.com', url: 'https://www.github.com/ada' },
      { title: 'Mastodon <3', url: 'https://social.example/@ada' },
    ]);
    await agenda.reload('pycon-2099');
    const page = (await app.inject({ url: `/pycon-2099/speakers/${row!.slug}` })).body;
    expect(page).toContain(
      '<section aria-labelledby="links"><h2 id="links">Links</h2><ul class="speaker-links">' +
        '<li><a href="https://ada.example.org/" rel="me nofollow noopener">Website</a></li>' +
        '<li><a href="https://www.github.com/ada" rel="me nofollow noopener">github.com</a></li>' +
        '<li><a href="https://social.example/@ada" rel="me nofollow noopener">Mastodon &lt;3</a></li></ul></section>',
    );
    const api = (await app.inject({ url: '/api/events/pycon-2099/speakers' })).json();
    expect(api.speakers[0].links).toEqual(row!.links);
    // The form shows them again, in their rows.
    const form = (await browser.get(PROFILE)).body;
    expect(form).toContain('<input id="linkUrl2" name="linkUrl2" type="url" value="https://www.github.com/ada"');
    expect(form).toContain('<input id="linkTitle3" name="linkTitle3" type="text" value="Mastodon &lt;3"');
    // A form without link fields leaves them as they are.
    expect((await browser.post(PROFILE, { name: 'Ada Lovelace', biography: 'Counts.' })).statusCode).toBe(303);
    expect((await db.select({ links: speakers.links }).from(speakers))[0]!.links).toHaveLength(3);
  });

  it('refuses a link that is not https, or has no address, with a 400 naming its field', async () => {
    const { db, browser } = await adaWithProfile();
    const base = { name: 'Ada Lovelace', biography: 'Counts.' };
    for (const [form, field, message] of [
      [
        { linkTitle1: 'Site', linkUrl1: 'http://ada.example.org/' },
        'linkUrl1',
        '&#34;http://ada.example.org/&#34; is not an https:// address',
      ],
      [{ linkUrl2: 'javascript:alert(1)' }, 'linkUrl2', '&#34;javascript:alert(1)&#34; is not an https:// address'],
      [{ linkTitle3: 'Blog', linkUrl3: '' }, 'linkUrl3', 'give the link&#39;s address, starting with https://'],
      [{ linkTitle4: 'x'.repeat(101), linkUrl4: 'https://a.example/' }, 'linkTitle4', 'must be at most 100 characters'],
      [{ linkUrl5: 'https://user:pw@a.example/' }, 'linkUrl5', 'the address must not contain a user name or password'],
    ] as const) {
      const response = await browser.post(PROFILE, { ...base, ...form }, { formUrl: PROFILE });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(`<p class="error" id="${field}-error">${message}</p>`);
    }
    expect((await db.select({ links: speakers.links }).from(speakers))[0]!.links).toEqual([]);
  });
});

describe('using one’s profile from another event', () => {
  it('takes the biography, photo and links of one’s own profile elsewhere, keeps the photo while a profile shows it, and refuses another person’s', async () => {
    const { app, db, browser } = await adaWithProfile();
    await browser.post(PROFILE, {
      name: 'Ada Lovelace',
      biography: 'Countess of *Lovelace*.',
      linkTitle1: 'Website',
      linkUrl1: 'https://ada.example.org/',
    });
    await browser.postMultipart(`${PROFILE}/photo`, { photo: file(await jpegWithGps()) });
    const [photo] = await photoRows(db);
    const photoPath = `/media/speaker-photos/${photo!.id}-${photo!.hash}.webp`;

    // A new profile at another event starts with the photo and links of the latest one.
    await createCfpEvent(db, { slug: 'jsconf-2099', name: 'JSConf 2099' });
    // The first proposal's form there starts with her biography from PyCon.
    expect((await browser.get('/jsconf-2099/cfp/submit')).body).toMatch(
      /<textarea id="biography" name="biography"[^>]*>Countess of \*Lovelace\*\.<\/textarea>/,
    );
    await submitProposal(browser, 'jsconf-2099', completeProposal({ biography: 'Short bio.' }));
    const atJs = async () =>
      (
        await db
          .select({ biography: speakers.biography, photoUrl: speakers.photoUrl, links: speakers.links })
          .from(speakers)
          .innerJoin(events, eq(events.id, speakers.eventId))
          .where(eq(events.slug, 'jsconf-2099'))
      )[0];
    expect(await atJs()).toEqual({
      biography: 'Short bio.',
      photoUrl: photoPath,
      links: [{ title: 'Website', url: 'https://ada.example.org/' }],
    });

    const page = (await browser.get('/jsconf-2099/me/profile')).body;
    expect(page).toContain('<h2 id="reuse-heading">Use a profile from another event</h2>');
    const [pycon] = await db
      .select({ id: speakers.id })
      .from(speakers)
      .where(eq(speakers.biography, 'Countess of *Lovelace*.'));
    expect(page).toContain(`<option value="${pycon!.id}">PyCon 2099</option>`);
    // Removing the photo here keeps it for PyCon, which still shows it.
    await browser.post('/jsconf-2099/me/profile/photo/delete', {});
    expect((await atJs())!.photoUrl).toBeNull();
    expect(await photoRows(db)).toHaveLength(1);

    const copied = await browser.post('/jsconf-2099/me/profile/copy', { from: String(pycon!.id) });
    expect(copied.statusCode).toBe(303);
    expect(await atJs()).toEqual({
      biography: 'Countess of *Lovelace*.',
      photoUrl: photoPath,
      links: [{ title: 'Website', url: 'https://ada.example.org/' }],
    });
    expect((await browser.get('/jsconf-2099/me/profile')).body).toContain(
      'Your biography, photo and links are now those of your profile at PyCon 2099.',
    );

    // Grace cannot take Ada's profile into hers, nor can Ada take her own profile at this event.
    await createUser(db, { email: 'grace@example.com', name: 'Grace Hopper' });
    const grace = new Browser(app);
    await grace.login('grace@example.com');
    await submitProposal(grace, 'jsconf-2099', completeProposal({ speakerName: 'Grace Hopper', biography: 'Navy.' }));
    const [jsAda] = await db
      .select({ id: speakers.id })
      .from(speakers)
      .where(eq(speakers.biography, 'Countess of *Lovelace*.'))
      .orderBy(asc(speakers.id));
    for (const [who, url, from] of [
      [grace, '/jsconf-2099/me/profile/copy', pycon!.id],
      [browser, '/pycon-2099/me/profile/copy', jsAda!.id],
    ] as const) {
      const refused = await who.post(url, { from: String(from) }, { formUrl: url.replace('/copy', '') });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(
        '<p class="error" id="from-error">choose one of your profiles at another event</p>',
      );
    }
    expect(
      (await db.select({ biography: speakers.biography }).from(speakers).where(eq(speakers.name, 'Grace Hopper')))[0]!
        .biography,
    ).toBe('Navy.');
  });
});
