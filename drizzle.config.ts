import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration after src/db/schema.ts changes.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
