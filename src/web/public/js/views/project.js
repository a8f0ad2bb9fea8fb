// @ts-check
/**
 * 项目进度: what an enterprise (or its steward) wants to know about a project (GET /api/projects/:id), composed
 * of its parts in views/project/: the summary and next steps, the whole-process clock with its pauses, the four
 * stages and their items, the project's service team (项目长, 项目管家, 1+1+N), certificates (a revoked one with the way back), commitments (容缺, 告知承诺, 桩基先行)
 * and the timeline.
 */
import { documentsSection } from './documents.js';
import { api } from '../api.js';
import { alertBox, append } from '../util.js';
import { certificatesCard } from './project/certificates.js';
import { commitmentCards } from './project/commitments.js';
import { stageCard } from './project/stages.js';
import { head, nextSteps, stepper, summary } from './project/summary.js';
import { teamCard } from './project/team.js';
import { clockCard, timelineCard } from './project/timeline.js';

/** @param {HTMLElement} main @param {Record<string, string>} params  { id } */
export async function project(main, params) {
  let p;
  try {
    p = await api.get(`/api/projects/${encodeURIComponent(params.id)}`);
  } catch (err) {
    main.appendChild(alertBox(err.zhMessage));
    return;
  }
  append(main, [
    head(p),
    summary(p),
    // 项目服务团队 (包保制, 1+1+N), with the form to staff it for whom may (views/project/team.js).
    teamCard(p.id),
    stepper(p.stages || []),
    nextSteps(p),
    clockCard(p),
    (p.stages || []).map(stageCard),
    certificatesCard(p),
    // 文书与证照: notices and certificates in one list, upload, print view (views/documents.js).
    documentsSection(p),
    commitmentCards(p),
    timelineCard(p.timeline || []),
  ]);
}
