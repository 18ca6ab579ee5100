import { AsnArray, AsnConvert, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { QCStatement, QCStatements, id_pe_qcStatements } from '@peculiar/asn1-x509-qualified';
import { Certificate } from '@peculiar/asn1-x509';
import { QcType, id_etsi_qcs_qcCompliance, id_etsi_qcs_qcType, id_etsi_qct_eseal, id_etsi_qct_web } from '@peculiar/asn1-x509-qualified-etsi';

/**
 * ETSI TS 119 495 (PSD2 qualified certificates): the PSD2 QCStatement carries the TPP's roles
 * and its national competent authority. The library has the generic QCStatements; the PSD2
 * statement's own type is declared here through the library's schema API.
 */
export const PSD2_ROLES = ['PSP_AS', 'PSP_PI', 'PSP_AI', 'PSP_IC'] as const;
export type Psd2Role = (typeof PSD2_ROLES)[number];

/** id-psd2-role-psp-as … psp-ic: { itu-t(0) identified-organization(4) etsi(0) psd2(19495) id-roles(1) n } */
export const PSD2_ROLE_OIDS: Readonly<Record<Psd2Role, string>> = {
  PSP_AS: '0.4.0.19495.1.1',
  PSP_PI: '0.4.0.19495.1.2',
  PSP_AI: '0.4.0.19495.1.3',
  PSP_IC: '0.4.0.19495.1.4',
};
/** etsi-psd2-qcStatement */
export const PSD2_QC_STATEMENT = '0.4.0.19495.2';
/** X.520 organizationIdentifier: PSD<country>-<NCA id>-<authorisation number> under TS 119 495. */
export const ORGANIZATION_IDENTIFIER = '2.5.4.97';
export { id_pe_qcStatements as QC_STATEMENTS_EXTENSION };

/** RoleOfPSP ::= SEQUENCE { roleOfPspOid OBJECT IDENTIFIER, roleOfPspName UTF8String (SIZE(256)) } */
class RoleOfPsp {
  roleOfPspOid = '';
  roleOfPspName = '';
}
AsnType({ type: AsnTypeTypes.Sequence })(RoleOfPsp);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(RoleOfPsp.prototype, 'roleOfPspOid');
AsnProp({ type: AsnPropTypes.Utf8String })(RoleOfPsp.prototype, 'roleOfPspName');

/** RolesOfPSP ::= SEQUENCE OF RoleOfPSP */
class RolesOfPsp extends AsnArray<RoleOfPsp> {}
AsnType({ type: AsnTypeTypes.Sequence, itemType: RoleOfPsp })(RolesOfPsp);

/** PSD2QcType ::= SEQUENCE { rolesOfPSP RolesOfPSP, nCAName NCAName, nCAId NCAId } */
class Psd2QcType {
  rolesOfPsp = new RolesOfPsp();
  nCAName = '';
  nCAId = '';
}
AsnType({ type: AsnTypeTypes.Sequence })(Psd2QcType);
AsnProp({ type: RolesOfPsp })(Psd2QcType.prototype, 'rolesOfPsp');
AsnProp({ type: AsnPropTypes.Utf8String })(Psd2QcType.prototype, 'nCAName');
AsnProp({ type: AsnPropTypes.Utf8String })(Psd2QcType.prototype, 'nCAId');

export interface Psd2Statement {
  readonly roles: readonly Psd2Role[];
  /** e.g. "Federal Financial Supervisory Authority" */
  readonly ncaName: string;
  /** e.g. "DE-BAFIN" */
  readonly ncaId: string;
}

/** The DER value of a qcStatements extension: QcCompliance, QcType (web or eseal) and the PSD2 statement. */
export function encodeQcStatements(statement: Psd2Statement, use: 'qwac' | 'qseal'): ArrayBuffer {
  const psd2 = new Psd2QcType();
  psd2.rolesOfPsp = new RolesOfPsp(
    statement.roles.map((role) => Object.assign(new RoleOfPsp(), { roleOfPspOid: PSD2_ROLE_OIDS[role], roleOfPspName: role })),
  );
  psd2.nCAName = statement.ncaName;
  psd2.nCAId = statement.ncaId;
  const item = (statementId: string, info?: ArrayBuffer) => {
    const s = new QCStatement();
    s.statementId = statementId;
    if (info) s.statementInfo = info;
    else delete (s as { statementInfo?: ArrayBuffer }).statementInfo;
    return s;
  };
  return AsnConvert.serialize(
    new QCStatements([
      item(id_etsi_qcs_qcCompliance),
      item(id_etsi_qcs_qcType, AsnConvert.serialize(new QcType([use === 'qwac' ? id_etsi_qct_web : id_etsi_qct_eseal]))),
      item(PSD2_QC_STATEMENT, AsnConvert.serialize(psd2)),
    ]),
  );
}

/**
 * The PSD2 statement of a qcStatements extension value, or undefined when it has none. Roles are
 * read from their OIDs (the names are informative); unknown role OIDs are ignored.
 */
export function decodePsd2Statement(extensionValue: ArrayBuffer | ArrayBufferView): Psd2Statement | undefined {
  const statements = AsnConvert.parse(extensionValue, QCStatements);
  const psd2 = statements.find((s) => s.statementId === PSD2_QC_STATEMENT);
  if (!psd2 || psd2.statementInfo.byteLength === 0) return undefined;
  const parsed = AsnConvert.parse(psd2.statementInfo, Psd2QcType);
  const byOid = new Map(Object.entries(PSD2_ROLE_OIDS).map(([role, oid]) => [oid, role as Psd2Role]));
  const roles = parsed.rolesOfPsp.map((r) => byOid.get(r.roleOfPspOid)).filter((r): r is Psd2Role => r !== undefined);
  return { roles: [...roles], ncaName: parsed.nCAName, ncaId: parsed.nCAId };
}

/** The PSD2 statement of a DER certificate, or undefined when it carries none. */
export function psd2StatementOf(certificateDer: ArrayBuffer | ArrayBufferView): Psd2Statement | undefined {
  const cert = AsnConvert.parse(certificateDer, Certificate);
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_pe_qcStatements);
  return ext ? decodePsd2Statement(ext.extnValue.buffer) : undefined;
}
