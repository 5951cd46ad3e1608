import type { FhirApi } from "./api";
import type { CodeableConcept, Resource } from "./types";

/** The IG's LOINC supplement with a plain name (designation use consumer) for the tests patients see most. */
export const TEST_NAMES_URL = "http://fhirportal.org/fhir/CodeSystem/loinc-consumer-names";
const CONSUMER = "consumer";
const LOINC = "http://loinc.org";

interface Designation { use?: { system?: string; code?: string }; value?: string }
interface CodeSystem extends Resource { concept?: { code: string; display?: string; designation?: Designation[] }[] }

/** LOINC code to plain name. */
export type TestNames = ReadonlyMap<string, string>;

/** A test's name as the portal shows it, and the full name kept one click away. */
export interface TestName { name: string; full: string }

/** Reads the plain names from the server; without them (an older server) the names the EHR sent are shown. */
export async function loadTestNames(api: FhirApi): Promise<TestNames> {
  try {
    const [supplement] = await api.search<CodeSystem>(`CodeSystem?url=${encodeURIComponent(TEST_NAMES_URL)}`, 1);
    const names = new Map<string, string>();
    for (const concept of supplement?.concept ?? []) {
      const plain = concept.designation?.find((d) => d.use?.code === CONSUMER)?.value;
      if (plain) {
        names.set(concept.code, plain);
      }
    }
    return names;
  } catch {
    return new Map();
  }
}

/**
 * The EHR's own text when it is friendlier than LOINC's long name (shorter, and not the same words), else the plain
 * name of the mapping, else what the EHR sent.
 */
export function testName(code: CodeableConcept, names: TestNames): TestName {
  const loinc = code.coding?.find((c) => c.system === LOINC && c.code);
  const full = loinc?.display ?? code.text ?? code.coding?.find((c) => c.display)?.display ?? loinc?.code ?? "";
  const ehrText = code.text?.trim();
  if (ehrText && ehrText !== full && ehrText.length < full.length) {
    return { name: ehrText, full };
  }
  return { name: (loinc && names.get(loinc.code!)) || ehrText || full, full };
}
