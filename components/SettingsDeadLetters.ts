// Dead letters (admin only): events the database refused and buffer chunks that cannot be read,
// parked so the drain goes on. Each can be retried (back into the buffer, made storable) or dropped.
import type { DeadLetterSummary } from "../lib/store/dead_letter.ts";
import { html } from "./html.ts";
import type { PageModel } from "./page_model.ts";
import { action, Section } from "./SettingsSection.ts";
import { formatTime } from "./time.ts";

/** Shown per letter: long database messages are cut in the table (the API has them whole). */
const ERROR_SHOWN_CHARS = 160;

export function DeadLetterSettings(
  { model: m, deadLetters }: { model: PageModel; deadLetters: DeadLetterSummary[] },
) {
  const where = { timeZone: m.timeZone, locale: m.locale };
  const shown = (s: string) =>
    s.length > ERROR_SHOWN_CHARS ? `${s.slice(0, ERROR_SHOWN_CHARS - 1)}…` : s;
  return html`
    <${Section} id="dead-letters" title="Dead letters"
      blurb="events the database refused, parked so that every other event keeps flowing">
      ${deadLetters.length === 0
        ? html`<p class="faint">None: every buffered event reached the database.</p>`
        : html`
          <div class="table-wrap">
            <table class="table" data-dead-letters>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Project</th>
                  <th scope="col">Error</th>
                  <th scope="col" class="num">Attempts</th>
                  <th scope="col">Last failed</th>
                  <th scope="col"><span class="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>${deadLetters.map((d) =>
                html`
                  <tr key=${d.id} data-dead-letter=${d.id}>
                    <td class="cell-main mono">${d.kind === "chunk"
                      ? `buffer chunk (${d.events} events)`
                      : d.event_id}</td>
                    <td class="mono">${d.project_id ?? html`<span class="faint">—</span>`}</td>
                    <td>${d.sqlstate && html`
                      <span class="badge plain">${d.sqlstate}</span>
                    `}${shown(d.error)}</td>
                    <td class="num">${d.attempts}</td>
                    <td>${formatTime(Date.parse(d.last_failed_at), "datetime", where)}</td>
                    <td class="num">
                      <form method="post" action=${action(
                        m,
                        `/dead-letters/${encodeURIComponent(d.id)}/retry`,
                      )} class="inline-form">
                        <button class="btn small" type="submit" aria-label=${`Retry dead letter ${d.id}`}>Retry</button>
                      </form>
                      <form method="post" action=${action(
                        m,
                        `/dead-letters/${encodeURIComponent(d.id)}/drop`,
                      )} class="inline-form">
                        <button class="btn small danger" type="submit" aria-label=${`Drop dead letter ${d.id}`}>Drop</button>
                      </form>
                    </td>
                  </tr>
                `
              )}</tbody>
            </table>
          </div>
          <form method="post" action=${action(
            m,
            "/dead-letters/retry",
          )} class="form-row" aria-label="Retry every dead letter">
            <button class="btn primary" type="submit">Retry all</button>
          </form>
        `}
    <//>
  `;
}
