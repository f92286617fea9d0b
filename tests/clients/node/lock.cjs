// Takes one node-redlock lock per key argv[3..] on the Redis at 127.0.0.1:argv[2] and prints
// the value the library stored for each, one a line. The locks are left to expire (60 s): the
// test reads them from the server.
const Redis = require("ioredis");
const Redlock = require("redlock").default;

async function main() {
  const [port, ...keys] = process.argv.slice(2);
  const client = new Redis({ host: "127.0.0.1", port: Number(port), lazyConnect: true });
  await client.connect();
  const redlock = new Redlock([client], { retryCount: 0 });
  for (const key of keys) {
    const lock = await redlock.acquire([key], 60000);
    process.stdout.write(lock.value + "\n");
  }
  client.disconnect();
}

main().catch((error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(1);
});
