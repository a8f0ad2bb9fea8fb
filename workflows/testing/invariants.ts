/**
 * Invariants checked on every step of every generated path. Each returns a list of violations (empty = ok).
 * Cross-instance consequences (a breach revokes certificates in the project) are checked here on the
 * instance that reports them and, end to end, in the harness scenarios.
 */
import type { Effect, EngineEvent, PersistedSnapshot } from '../contract';
import { stateString } from '../core/define';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import { isApproved } from '../project-case/project-case.machine';
import type { ApprovalItemContext } from '../approval-item/approval-item.machine';
import { aboveGroundProblems, type FoundationPermitContext } from '../foundation-permit/foundation-permit.machine';
import type { AcceptanceSectionContext } from '../acceptance-section/acceptance-section.machine';
import { problemInvariants } from '../problem/problem.model';

export interface StepFacts {
  definitionId: string;
  prev: PersistedSnapshot | null;
  next: PersistedSnapshot;
  event: EngineEvent;
  effects: Effect[];
}

export function checkInvariants(f: StepFacts): string[] {
  const v: string[] = [];
  const state = stateString(f.next.value);
  switch (f.definitionId) {
    case 'approval-item': {
      const ctx = f.next.context as unknown as ApprovalItemContext;
      const prev = f.prev?.context as unknown as ApprovalItemContext | undefined;
      if (state === 'withdrawn' && prev?.applicationDecided) v.push('a decided application was withdrawn');
      if (['approved', 'approvedWithTolerance', 'refused'].includes(state) && !ctx.decision)
        v.push('decided without a decision record');
      if (state === 'approvedWithTolerance' && ctx.tolerance?.status !== 'accepted')
        v.push('tolerance approval without accepted tolerance');
      if (
        state === 'approved' &&
        ctx.decision?.basis === 'review' &&
        ctx.item.materials.some((m) => !ctx.submittedMaterials.includes(m.code))
      )
        v.push('plain approval with materials missing');
      if (prev && ['approved', 'approvedWithTolerance'].includes(stateString(f.prev!.value)) && state === 'revoked') {
        if (!f.effects.some((e) => e.kind === 'notifyParent' && e.event.type === 'ITEM_REVOKED'))
          v.push('revocation not reported to the project');
      }
      break;
    }
    case 'tolerance-commitment': {
      if (state === 'breached' && f.prev && stateString(f.prev.value) !== 'breached') {
        if (!f.effects.some((e) => e.kind === 'notifyParent' && e.event.type === 'TOLERANCE_BREACHED'))
          v.push('breach not reported (certificates would stay valid)');
        if (!f.effects.some((e) => e.kind === 'creditRecord' && e.barsTolerance))
          v.push('breach without a credit record barring tolerance');
      }
      break;
    }
    case 'notify-commitment': {
      if (state === 'revoked' && f.prev && stateString(f.prev.value) !== 'revoked') {
        const credit = f.effects.find((e) => e.kind === 'creditRecord');
        if (!credit || credit.kind !== 'creditRecord' || !credit.barsCommitmentUntil)
          v.push('revocation without a 6-month commitment bar');
        if (!f.effects.some((e) => e.kind === 'notifyParent' && e.event.type === 'COMMITMENT_REVOKED'))
          v.push('revocation not reported');
      }
      break;
    }
    case 'foundation-permit': {
      const ctx = f.next.context as unknown as FoundationPermitContext;
      if (state === 'aboveGroundPermitted' && f.prev && stateString(f.prev.value) !== 'aboveGroundPermitted') {
        const before = f.prev.context as unknown as FoundationPermitContext;
        if (aboveGroundProblems(before).length)
          v.push('above-ground permit without full review / valid foundation permit');
      }
      if (state.startsWith('foundationPermitted') && ctx.foundationPermit?.status !== 'valid')
        v.push('permitted without a valid permit');
      if (ctx.workStart.extensions > ctx.rules.maxExtensions) v.push('too many extensions');
      break;
    }
    case 'acceptance-section': {
      const ctx = f.next.context as unknown as AcceptanceSectionContext;
      if (state === 'accepted') {
        if (Object.values(ctx.results).some((r) => r.result !== 'pass'))
          v.push('accepted with a department not passing');
        if (ctx.siteWideChecksDue && !ctx.siteWide?.passed) v.push('last section accepted without site-wide checks');
      }
      break;
    }
    case 'project-case': {
      const ctx = f.next.context as unknown as ProjectCaseContext;
      for (const [cert, record] of Object.entries(ctx.certificates)) {
        if (cert === 'foundationConstructionPermit') continue; // stands for the foundation-permit instance, not an item
        if (record.status === 'valid' && !isApproved(ctx.items[record.itemCode].status))
          v.push(`certificate ${cert} valid without its item approved`);
      }
      if (ctx.bundle) {
        const members = ctx.bundle.certificates
          .map((c) => ctx.certificates[c])
          .filter((r) => r && r.bundle === ctx.bundle!.code);
        if (members.length !== 0 && members.length !== ctx.bundle.certificates.length)
          v.push('bundle issued partially');
        if (new Set(members.map((m) => m!.issuedAt)).size > 1) v.push('bundle members with different issue dates');
        if (ctx.jointIssuedAt === null && members.length) v.push('bundle members without joint issuance');
        // Before the joint issuance no member certificate exists at all.
        if (ctx.jointIssuedAt === null && ctx.bundle.certificates.some((c) => ctx.certificates[c]))
          v.push('bundle member issued alone');
      }
      if (ctx.stage === 'complete' && ctx.sectionOrder.some((k) => ctx.sections[k].status !== 'accepted'))
        v.push('complete with a section not accepted');
      if (ctx.foundation.status === 'aboveGroundPermitted') {
        for (const c of [
          'constructionDrawingReview',
          'fireDesignReview',
          'civilDefenseDesignReview',
          'engineeringPlanningPermit',
        ]) {
          if (f.event.type === 'ABOVE_GROUND_PERMIT_ISSUED' && !isApproved(ctx.items[c].status))
            v.push(`above-ground permit without ${c}`);
        }
      }
      break;
    }
    case 'problem':
      v.push(...problemInvariants(f.prev, f.next, f.effects));
      break;
  }
  return v;
}
