import net from "node:net";

/** A reply as RESP 2 gives it: text, a number, nil, or a list of replies. */
export type RedisReply = string | number | null | RedisReply[];

/** Parses one reply at `offset`; undefined while `data` holds only part of it. */
function parseReply(data: Buffer, offset: number): { reply: RedisReply; next: number } | undefined {
  const lineEnd = data.indexOf("\r\n", offset);
  if (lineEnd < 0) return undefined;
  const kind = String.fromCharCode(data[offset]);
  const line = data.toString("utf8", offset + 1, lineEnd);
  const next = lineEnd + 2;
  if (kind === "+") return { reply: line, next };
  if (kind === "-") throw new Error(`redis: ${line}`);
  if (kind === ":") return { reply: Number(line), next };
  if (kind === "$") {
    const length = Number(line);
    if (length < 0) return { reply: null, next };
    if (data.length < next + length + 2) return undefined;
    return { reply: data.toString("utf8", next, next + length), next: next + length + 2 };
  }
  if (kind === "*") {
    const items: RedisReply[] = [];
    let at = next;
    for (let i = 0; i < Number(line); i++) {
      const item = parseReply(data, at);
      if (!item) return undefined;
      items.push(item.reply);
      at = item.next;
    }
    return { reply: items, next: at };
  }
  throw new Error(`redis: unexpected reply type ${kind}`);
}

/** Sends one command to the Redis at `redisUrl` (loopback, no auth) and resolves its reply. */
export function redisCommand(redisUrl: string, args: string[]): Promise<RedisReply> {
  const { hostname, port } = new URL(redisUrl);
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join("")}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    socket.setTimeout(5_000, () => socket.destroy(new Error("redis did not answer within 5 s")));
    socket.on("error", reject);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      try {
        const parsed = parseReply(data, 0);
        if (!parsed) return;
        socket.end();
        resolve(parsed.reply);
      } catch (error) {
        socket.destroy();
        reject(error);
      }
    });
  });
}

/** Every value Redis holds (strings, list items, hash fields and values, set members), as text. */
export async function redisValues(redisUrl: string): Promise<string[]> {
  const keys = (await redisCommand(redisUrl, ["KEYS", "*"])) as string[];
  const values: string[] = [];
  for (const key of keys) {
    const type = await redisCommand(redisUrl, ["TYPE", key]);
    const read: Record<string, string[]> = {
      string: ["GET", key],
      list: ["LRANGE", key, "0", "-1"],
      hash: ["HGETALL", key],
      set: ["SMEMBERS", key],
      zset: ["ZRANGE", key, "0", "-1"],
    };
    const command = read[String(type)];
    if (!command) continue;
    const reply = await redisCommand(redisUrl, command);
    values.push(...(Array.isArray(reply) ? reply : [reply]).map(String));
  }
  return values;
}
