// A Hocuspocus server for journey-map live sessions: one room token, optional Redis (several nodes),
// optional storage of the rooms in a folder.
//
// Environment:
//   TOKEN       the rooms' token; a client whose link carries another one is refused (required)
//   HOST, PORT  where to listen (default 127.0.0.1:1234; HOST=0.0.0.0 for a network)
//   REDIS_HOST, REDIS_PORT   a Redis shared by several nodes (REDIS_PORT default 6379); unset: one node
//   DATA_DIR    a folder where rooms are kept across restarts, as ROOM.ydoc (Yjs updates); unset: in
//               memory only, and a room is gone once its last client left. Several nodes share one
//               folder (the Redis extension lets one node at a time store a room).
//
// Why a script of our own: Hocuspocus checks nothing by itself (onAuthenticate is ours to write), and it
// keeps rooms only in memory unless something stores them.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Server } from "@hocuspocus/server";
import { Redis } from "@hocuspocus/extension-redis";
import * as Y from "yjs";

const token = process.env.TOKEN;
if (!token) {
  console.error("TOKEN is not set: every room needs the token that journey-map links carry.");
  process.exit(2);
}
// the room names journey-map links allow (app/live/links.py), so a name is also a safe file name
const ROOM = /^[A-Za-z0-9._-]{1,100}$/;
const validRoom = (name) => ROOM.test(name) && name !== "." && name !== "..";

const extensions = [];
if (process.env.REDIS_HOST) {
  const redis = new Redis({
    host: process.env.REDIS_HOST,
    port: Number(process.env.REDIS_PORT || 6379),
  });
  // Listen only once both Redis connections are ready. Seen here (3.4.4, ioredis 5): a room opened while
  // they were still connecting was subscribed on a connection that then got no messages, so that node
  // never heard of the other nodes' edits to it (2 of 10 fresh starts).
  try {
    await Promise.all([redis.pub, redis.sub].map((client) => client.status === "ready" ? null :
      new Promise((resolve, reject) => {
        client.once("ready", resolve);
        client.once("error", reject);
      })));
  } catch (error) {
    console.error(`cannot reach Redis at ${process.env.REDIS_HOST}:${process.env.REDIS_PORT || 6379}: ` +
                  `${error.message}`);
    process.exit(1);
  }
  extensions.push(redis);
}

const dataDir = process.env.DATA_DIR;
if (dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const file = (name) => join(dataDir, `${name}.ydoc`);
  extensions.push({
    extensionName: "journeymap-files",
    priority: 10, // after Redis (1000), whose onStoreDocument lets only one node store a room at a time
    async onLoadDocument({ documentName, document }) {
      let stored;
      try {
        stored = readFileSync(file(documentName));
      } catch (error) {
        if (error.code === "ENOENT") return; // a new room
        throw error;
      }
      Y.applyUpdate(document, new Uint8Array(stored));
    },
    async onStoreDocument({ documentName, document }) {
      const target = file(documentName);
      const partial = `${target}.${process.pid}.tmp`;
      writeFileSync(partial, Y.encodeStateAsUpdate(document));
      renameSync(partial, target); // readers see the old room or the new one, never half of it
    },
  });
}

const server = new Server({
  address: process.env.HOST || "127.0.0.1",
  port: Number(process.env.PORT || 1234),
  quiet: true,
  extensions,
  async onAuthenticate({ documentName, token: given, requestParameters }) {
    // journey-map sends the link's token in the Auth message and in the URL (?token=…); the Hocuspocus
    // provider sends its `token` option in the Auth message
    const sent = given || requestParameters.get("token");
    if (sent !== token) {
      throw new Error("the token is wrong");
    }
    if (!validRoom(documentName)) {
      throw new Error("not a room name");
    }
  },
});

server.listen().then(() => {
  console.log(`hocuspocus: listening on ${server.configuration.address}:${server.configuration.port}` +
              `${process.env.REDIS_HOST ? ` with Redis ${process.env.REDIS_HOST}` : ""}` +
              `${dataDir ? `, rooms kept in ${dataDir}` : ""}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.destroy(); // stores the rooms still open
    process.exit(0);
  });
}
