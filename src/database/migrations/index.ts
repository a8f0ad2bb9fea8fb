import { EditVersion1796410000000 } from './1796410000000-EditVersion';
import { ZoneCommand1796314436586 } from './1796314436586-ZoneCommand';
import { ProjectCreatedCover1795728886049 } from './1795728886049-ProjectCreatedCover';
import { ProjectNameBigrams1795732646830 } from './1795732646830-ProjectNameBigrams';
import { ProjectNameGrams1795714760946 } from './1795714760946-ProjectNameGrams';
import { ReadIndexes1795701427467 } from './1795701427467-ReadIndexes';
import { TimerAttempts1795697449713 } from './1795697449713-TimerAttempts';
import { Init1795696874142 } from './1795696874142-Init';
import { ProjectCodeSequence1795697508361 } from './1795697508361-ProjectCodeSequence';
import { WriteConflictCheck1795742243918 } from './1795742243918-WriteConflictCheck';
import { TimerAt1795820000000 } from './1795820000000-TimerAt';
import { CivilCodeLastDay1796313747048 } from './1796313747048-CivilCodeLastDay';
import { SignedHeads1796313991691 } from './1796313991691-SignedHeads';
import { ProjectInvestment1796314259173 } from './1796314259173-ProjectInvestment';
import { ProjectFlags1796314530658 } from './1796314530658-ProjectFlags';
import { CreditRepair1796315643442 } from './1796315643442-CreditRepair';
import { MaterialFile1796317018447 } from './1796317018447-MaterialFile';
import { CertificateRegistry1796318272708 } from './1796318272708-CertificateRegistry';
import { NoticeRegistry1796319358195 } from './1796319358195-NoticeRegistry';
import { NoticeKinds1796324238361 } from './1796324238361-NoticeKinds';
import { QueueCountCover1796324866490 } from './1796324866490-QueueCountCover';
import { CertificateFormats1796324893117 } from './1796324893117-CertificateFormats';
import { HaltedClockColumns1796330000000 } from './1796330000000-HaltedClockColumns';
import { NumbersAtCommit1796330000001 } from './1796330000001-NumbersAtCommit';
import { CreditRecordedAt1796330000002 } from './1796330000002-CreditRecordedAt';
import { JointInspectionQueue1796330000003 } from './1796330000003-JointInspectionQueue';
import { JointInspectionIndexHot1796406290417 } from './1796406290417-JointInspectionIndexHot';
import { ActingDepartments1796420000000 } from './1796420000000-ActingDepartments';
import { JointInspectionNotices1796430000000 } from './1796430000000-JointInspectionNotices';
import { QueueStatistics1796440000000 } from './1796440000000-QueueStatistics';
// The migrations in the order they run. `npm run migration:generate <Name>` appends here; never edit a
// migration after it has landed on main: write a new one.
export const MIGRATIONS: (new () => unknown)[] = [
  Init1795696874142,
  TimerAttempts1795697449713,
  ProjectCodeSequence1795697508361,
  ReadIndexes1795701427467,
  ProjectNameGrams1795714760946,
  ProjectCreatedCover1795728886049,
  ProjectNameBigrams1795732646830,
  WriteConflictCheck1795742243918,
  TimerAt1795820000000,
  CivilCodeLastDay1796313747048,
  SignedHeads1796313991691,
  ProjectInvestment1796314259173,
  ZoneCommand1796314436586,
  ProjectFlags1796314530658,
  CreditRepair1796315643442,
  MaterialFile1796317018447,
  CertificateRegistry1796318272708,
  NoticeRegistry1796319358195,
  NoticeKinds1796324238361,
  QueueCountCover1796324866490,
  CertificateFormats1796324893117,
  HaltedClockColumns1796330000000,
  NumbersAtCommit1796330000001,
  CreditRecordedAt1796330000002,
  JointInspectionQueue1796330000003,
  JointInspectionIndexHot1796406290417,
  EditVersion1796410000000,
  ActingDepartments1796420000000,
  JointInspectionNotices1796430000000,
  QueueStatistics1796440000000,
];
