// Dead letters through the admin surface: the admin token is required, and the settings page lists
// them with same-origin forms that retry and drop them.
import assert from "node:assert/strict";
import { json, listLetters } from "./_dead_letters.ts";
import { sessionCookie, startTestMonitor, storedEvent } from "./_fixtures.ts";

Deno.test("admin calls on dead letters need the admin token", async () => {
  await using t = await startTestMonitor();
  const response = await t.app.request("/api/dead-letters", {
    headers: { authorization: `Bearer ${t.ingestKey}` },
  });
  assert.deepEqual(await json(response, 403), { error: "this call needs the admin token" });
});

Deno.test("the settings page lists dead letters; its forms retry and drop them, same origin only", async () => {
  await using t = await startTestMonitor();
  const { buffer, flusher, store } = t.monitor.deps;
  await buffer.append([
    storedEvent({ project_id: t.projectId, id: "bad-1", model: "a\u0000" }),
    storedEvent({ project_id: t.projectId, id: "bad-2", endpoint: "b\u0000" }),
  ]);
  await flusher.drain();
  const letters = (await listLetters(t)).dead_letters;
  const [one, two] = ["bad-1", "bad-2"].map((id) => letters.find((l) => l.event_id === id)!);

  const cookie = await sessionCookie((path, init) => t.app.request(path, init));
  const page = await t.app.request(`/settings?project=${t.projectId}`, { headers: { cookie } });
  assert.equal(page.status, 200);
  const body = await page.text();
  assert.match(body, /<section class="panel" id="dead-letters"/);
  for (const letter of [one!, two!]) {
    assert.match(body, new RegExp(`data-dead-letter="${letter.id}"`));
    assert.match(
      body,
      new RegExp(`action="/settings/dead-letters/${letter.id}/retry\\?project=${t.projectId}"`),
    );
  }
  assert.match(body, /<span class="badge plain">22021<\/span>/);

  const post = (path: string, origin: string) =>
    Promise.resolve(t.app.request(`${path}?project=${t.projectId}`, {
      method: "POST",
      headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    }));
  const foreign = await post(`/settings/dead-letters/${one!.id}/drop`, "https://evil.example");
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
  assert.equal((await listLetters(t)).count, 2, "a cross-site form changes nothing");

  const dropped = await post(`/settings/dead-letters/${one!.id}/drop`, "http://localhost");
  assert.equal(dropped.status, 303);
  assert.equal(
    dropped.headers.get("location"),
    `/settings?project=${t.projectId}&done=dead_letter_dropped#dead-letters`,
  );
  const retried = await post(`/settings/dead-letters/${two!.id}/retry`, "http://localhost");
  assert.equal(retried.status, 303);
  assert.equal(
    retried.headers.get("location"),
    `/settings?project=${t.projectId}&done=dead_letter_retried#dead-letters`,
  );
  assert.deepEqual(await listLetters(t), { count: 0, dead_letters: [] });
  assert.equal(await flusher.drain(), 1);
  assert.deepEqual(await store.listEventIds(t.projectId), ["bad-2"]);
  assert.equal((await store.getEvent(t.projectId, "bad-2"))?.endpoint, "b\uFFFD");
});
