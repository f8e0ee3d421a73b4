// The bench's second yardstick: an Express route rendering a plain Eta page of about 11.6 KB (a
// caseload-sized table in a layout, cached as in production) with no database, no session and no
// middleware: what templating a page of that size costs on its own.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import express from 'express';

const eta = new Eta({ views: dirname(fileURLToPath(import.meta.url)), cache: true });
const first = ['Ava', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ian', 'Jo', 'Kai', 'Lea', 'Max', 'Nia', 'Oli'];
const last = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Ford', 'Garcia', 'Hill', 'Ito', 'Jones', 'Khan', 'Lopez', 'Moore'];
const students = Array.from({ length: 50 }, (_, i) => ({
  id: 8 + i * 100,
  name: `${first[i % first.length]}${i} ${last[i % last.length]}`,
  grade: (i % 12) + 1,
  school: `School ${(i % 60) + 1}`,
  minutes: 30,
}));

const app = express();
app.get('/', (_req, res) => {
  res.type('html').send(eta.render('./page', { title: 'Caseload', students }));
});
app.listen(Number(process.env.PORT), '127.0.0.1');
