// Which column of a teacher's list holds what. Lists come from Excel, WPS,
// the national student registry's exports and hand-made tables, in any
// column order, with Chinese or English headers, sometimes below a title
// row ("三年级(1)班学生名单").

export const CLASS_LIST_FIELDS = ["name", "grade", "studentNumber", "guardianName", "guardianPhone"] as const;
export type ClassListField = (typeof CLASS_LIST_FIELDS)[number];

const ALIASES: Record<ClassListField, readonly string[]> = {
  name: ["姓名", "学生姓名", "学生名字", "名字", "孩子姓名", "儿童姓名", "学生", "名单", "学生名单", "花名册", "name", "studentname", "fullname", "childname"],
  grade: ["年级", "所在年级", "grade", "gradelevel"],
  studentNumber: ["学号", "学籍号", "全国学籍号", "学生编号", "学生学号", "studentnumber", "studentno", "studentid"],
  guardianName: ["家长姓名", "监护人姓名", "家长", "监护人", "家长名字", "父母姓名", "guardianname", "guardian", "parentname", "parent"],
  guardianPhone: [
    "家长手机",
    "家长手机号",
    "家长手机号码",
    "家长电话",
    "家长联系电话",
    "监护人手机",
    "监护人手机号",
    "监护人电话",
    "监护人联系电话",
    "手机",
    "手机号",
    "手机号码",
    "电话",
    "联系电话",
    "联系方式",
    "phone",
    "phonenumber",
    "mobile",
    "mobilephone",
    "tel",
    "telephone",
    "guardianphone",
    "parentphone",
  ],
};

/**
 * Header cells carry decorations: "姓名*", "家长手机（选填）", "Student No.",
 * "学号：". Compare without them.
 */
export function normaliseHeader(cell: string): string {
  return cell
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/gu, "")
    .replace(/[\s*:：._-]/gu, "");
}

const FIELD_BY_ALIAS = new Map<string, ClassListField>(
  CLASS_LIST_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [normaliseHeader(alias), field] as const)),
);

export function fieldForHeader(cell: string): ClassListField | null {
  return FIELD_BY_ALIAS.get(normaliseHeader(cell)) ?? null;
}

/** Column index (0-based) of each field found in a header row. */
export type ColumnMap = Partial<Record<ClassListField, number>>;

export interface HeaderMapping {
  columns: ColumnMap;
  /** Non-empty header cells that map to nothing, or repeat a field already mapped. */
  ignored: { column: number; header: string }[];
}

/** Maps a header row; the first column wins when a field appears twice. */
export function mapHeader(cells: readonly string[]): HeaderMapping {
  const columns: ColumnMap = {};
  const ignored: HeaderMapping["ignored"] = [];
  cells.forEach((cell, column) => {
    if (cell.trim() === "") return;
    const field = fieldForHeader(cell);
    if (field === null || columns[field] !== undefined) ignored.push({ column, header: cell.trim() });
    else columns[field] = column;
  });
  return { columns, ignored };
}
