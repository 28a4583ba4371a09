// Phone numbers as staff pages show them: enough to recognise, not to copy
// ("138****8000"). Pure.

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length === 11 ? `${digits.slice(0, 3)}****${digits.slice(7)}` : "****";
}
