// The bench's floor: a bare Express "hello world" on PORT, as fast as this machine answers HTTP
// from Node. Every page's requests a second are given as a share of this one's.
import express from 'express';

const app = express();
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
app.listen(Number(process.env.PORT), '127.0.0.1');
