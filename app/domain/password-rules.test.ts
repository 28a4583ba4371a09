import { describe, expect, it } from "vitest";
import { PASSWORD_MIN_LENGTH, findPasswordWeakness } from "./password-rules.ts";

const child = { username: "zhangxm", phone: "13800138000" };

describe("findPasswordWeakness", () => {
  it("accepts passwords a child can remember that are not on any list", () => {
    for (const ok of ["xiaomao-chi-yu", "红苹果3个梨子真好吃", "Dog7Moon2Rain", "wo de mao jiao huahua", "28lanqiu!"]) {
      expect(findPasswordWeakness(ok, child), ok).toBeNull();
    }
  });

  it("refuses anything shorter than the minimum", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(findPasswordWeakness("x7#kq2m", child)).toBe("too_short");
    // Characters as a person counts them: four 字 outside the BMP are four, not eight.
    expect(findPasswordWeakness("𠀀𠀁𠀂𠀃", {})).toBe("too_short");
  });

  it("refuses one character over and over, and a short unit repeated", () => {
    for (const weak of ["88888888", "66666666", "aaaaaaaa", "11111111", "１１１１１１１１", "12121212", "abcabcab", "52015201", "xyzwxyzw"]) {
      expect(findPasswordWeakness(weak, child), weak).toBe("repeated");
    }
  });

  it("refuses simple sequences, up or down, digits, letters and keyboard rows", () => {
    for (const weak of ["12345678", "123456789", "87654321", "01234567", "78901234", "abcdefgh", "ABCDEFGH", "hgfedcba", "qwertyui", "asdfghjkl", "poiuytre", "1qaz2wsx"]) {
      expect(findPasswordWeakness(weak, child), weak).not.toBeNull();
    }
    expect(findPasswordWeakness("12345678", child)).toBe("sequence");
    expect(findPasswordWeakness("qwertyuiop", child)).toBe("sequence");
  });

  it("refuses the username or the phone number itself", () => {
    expect(findPasswordWeakness("zhangxm", { username: "zhangxm" })).toBe("too_short");
    expect(findPasswordWeakness("zhangxiaoming", { username: "zhangxiaoming" })).toBe("personal");
    expect(findPasswordWeakness("ZhangXiaoMing", { username: "zhangxiaoming" })).toBe("personal");
    expect(findPasswordWeakness("13800138000", child)).toBe("personal");
    expect(findPasswordWeakness("+8613800138000", child)).toBe("personal");
    expect(findPasswordWeakness("mm13800138000", child)).toBe("personal");
    expect(findPasswordWeakness("13800138000", { username: "x", phone: null })).toBeNull();
  });

  it("refuses the most common passwords, Chinese favourites included", () => {
    for (const weak of ["password", "Password1", "iloveyou", "woaini1314", "woaini520", "5201314520", "1314520520", "a1234567", "aa123456", "1q2w3e4r", "qq123456", "11223344", "147258369", "abc12345", "sanshai2026"]) {
      expect(findPasswordWeakness(weak, child), weak).toBe("common");
    }
  });

  it("refuses a listed password with a character or two added", () => {
    for (const weak of ["woaini12", "password12", "52013140", "iloveyou!", "sanshai2026!"]) {
      expect(findPasswordWeakness(weak, child), weak).toBe("common");
    }
    expect(findPasswordWeakness("woaini-mama-he-baba", child)).toBeNull();
  });

  it("is not fooled by full-width characters or outer spaces from a phone keyboard", () => {
    expect(findPasswordWeakness("ｗｏａｉｎｉ１３１４", child)).toBe("common");
    expect(findPasswordWeakness(" 12345678 ", child)).toBe("sequence");
  });
});
