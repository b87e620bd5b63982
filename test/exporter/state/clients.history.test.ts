/**
 * The tracker keeps a connected client's history on its entry in the connected set (TrackedClient)
 * instead of in a second Map (issue 15M, peak RSS at 10k). Everything a reader sees must be as before:
 * for 120 seeded random sequences (tracker-transcript.ts) the transcripts hash to what the tracker
 * with the second Map wrote (main at 4cf55a5, recorded once; a change of behaviour changes them).
 * Planted bugs caught: a connecting client's history left in the LRU, a held leave not marked on the
 * history, an enriched platform not remembered, a fresh history for a connected client.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClientTracker } from '../../../exporter/state/clients';
import { trackerTranscript } from './tracker-transcript';

const BEFORE: readonly string[] = ["c3b7fa958a38e5f9","3823674421297b34","a7de50afeff9bbc4","700a7665cad55ae4","9107f151662a637b","f270d1870c89001b","a38f4d11d4a748a9","d02cb639c2f11784","14d4951a2c262ac0","62b1aae01195e809","0d95b3e2d72dccdf","6ac09972a03263b6","f6573b9e19d8dd20","16b91e63ce596665","5c01dd4091ce7ec1","21674b1f7e327da6","d3589824fc9eae78","365d42b481cdb295","19f5c9215430de3d","d749bd021fd4fca7","b67fc236df719900","13f0994519db893b","bdeac070c8c7d74f","42e2c8238d8a9da1","cca51a49208d1d16","d5515e2a3dc2abae","ee6e3735f9ab16d1","6e0d74d56217bd46","55ffa2fa38a586b9","edc8a306c9f8198a","2be5a3958eb02a58","e26f087958896fd3","c853fa9c761342e8","6edd570fbd09afba","bc7ddeb41986e0d3","157381b644b97b1b","b47c31d896792387","9d5215e79b8f10df","66e45f4e19724ca9","e81f16cafb06d322","0ccde6965db38621","d40bb7b214a685cb","6c696fd3bf5dafd1","d05a2684cff7e48e","0b50142e9ef060df","5904c0300eaedd13","0c2afd7cdca68ce8","9f84c2ab74082acd","0d2a2df3402c9ae3","a41a765141d30d9a","6a81adc3497a17d3","2df12ac99282d383","0a572e3cf6e79e0b","2469b59a16fd9e79","96766fe2ad8b1d5c","fe7ca3224c6d9e2b","c23d5d6d8285a655","02bf3c5cb2f77274","2b8fd9b72a7b5e25","c7a83bec41ec6cdb","2bbb3dc276343710","c2432787d2447b87","599f1f7a2c194241","e4831201e035f778","6c9be679a8cbf47b","657da3e8638f53a2","4417cdbfb163f5de","1705885df39d88df","c40c30d0a7aa5708","d1b2ded40534ad22","df20885b1b8fedad","aa4fd0b9dedc6311","9de9243a8ebedff0","c218a43152769580","dc9d9313e27b1470","65e54c2718c62c26","1df44f71276ff567","3ac45ae12bc655b5","9f4e34266712d891","30d6a8e83599765f","d39a46d695444c77","c48b37862e50896d","335f8aa88076ff58","85a1135c8d835b5b","c5df6b4aa7d5e677","dfc5d21f4f893df2","2d71b0e590e32000","ce81d37657634737","df0cb4363188a6ea","5f7547bfa9570fcb","f8ef57d01e9941e3","6e0faaa64ed8d4be","b36b10e12c613c2d","c663de159d19f9fc","c55a1ed21bd4fecb","7924374032ad62c7","03b9b64521e37148","6ddfbd89f42cac76","72db1f58609c0c9f","9abf0a68c7b84b87","2c79b99dbf695aad","fb2ec1177dfa9a31","a67a8280098d6f12","761361b04a8bad96","e920defa9d9013fa","ba6f2b22d26aa3b4","175466d1c8e1d23e","8155f5083bcc19b9","24be38bb530bc02d","1e5d443a0d1f8102","f5b3415685f148fe","70986b344d6978c5","4881bce86d968657","704c868bd34d453d","f2ea46de0fd09bfb","c07979d682b02141","7a16209356ee457c","a6e9abca34f67886","0126bbbb651f3172","587026d634aa627f"];

describe('ClientTracker with the histories on the connected entries', () => {
  it('answers every reader as the tracker with a second Map did, for 120 random sequences', () => {
    const changed: number[] = [];
    for (let seed = 1; seed <= BEFORE.length; seed++) {
      const hash = createHash('sha256').update(trackerTranscript(ClientTracker, seed)).digest('hex').slice(0, 16);
      if (hash !== BEFORE[seed - 1]) changed.push(seed);
    }
    expect(changed, 'seeds whose transcript changed (print trackerTranscript(ClientTracker, seed) to see it)').toEqual([]);
  });

  it('shows readers plain connected clients (the history is not an enumerable field)', () => {
    const t = new ClientTracker({ historyLimit: 4, maxConnected: 4, maxPushedUnconfirmed: 4, maxHeldDisconnects: 4, onOverflow: () => undefined, knownDevices: [], onChange: () => undefined, disconnectGraceSeconds: 0, now: () => 0 });
    t.connect('a', 5, 'api', 'device', 'linux');
    t.connect('a', 6, 'log', undefined, 'windows');
    const [client] = [...t.connectedClients()];
    expect(Object.keys(client!)).toEqual(['clientId', 'clientType', 'platform', 'connectedAt']);
    expect(JSON.stringify(client)).toBe('{"clientId":"a","clientType":"device","platform":"windows","connectedAt":5}');
    expect(t.connectionCount('a')).toBe(1);
  });
});
