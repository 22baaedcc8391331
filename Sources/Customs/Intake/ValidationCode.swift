/// Every code a `ValidationProblem` can carry. Docs/validation.md has a row for each (a test checks).
/// Codes are stable API: clients branch on them, so they are never renamed, only added.
public enum ValidationCode: String, Sendable, CaseIterable {
    // Shape of the document.
    case required
    case unknownField = "unknown_field"
    case typeMismatch = "type_mismatch"
    case valueNotAllowed = "value_not_allowed"
    case textInvalid = "text_invalid"
    case tooLong = "too_long"
    case tooManyItems = "too_many_items"
    case duplicateItem = "duplicate_item"
    case dateInvalid = "date_invalid"
    case dateOutOfRange = "date_out_of_range"
    case countryInvalid = "country_invalid"
    case precisionExceeded = "precision_exceeded"

    // Goods.
    case goodsEmpty = "goods_empty"
    case goodsTooMany = "goods_too_many"
    case hsCodeInvalid = "hs_code_invalid"
    case currencyInvalid = "currency_invalid"
    case unitInvalid = "unit_invalid"
    case quantityInvalid = "quantity_invalid"
    case weightInvalid = "weight_invalid"
    case netExceedsGross = "net_exceeds_gross"
    case weightExceedsVehicle = "weight_exceeds_vehicle"
    case valueInvalid = "value_invalid"

    // Trader.
    case taxCodeInvalid = "tax_code_invalid"

    // Vehicle.
    case plateInvalid = "plate_invalid"
    case plateCountryMismatch = "plate_country_mismatch"
    case trailerPlateRequired = "trailer_plate_required"
    case containerNumberInvalid = "container_number_invalid"
    case sealInvalid = "seal_invalid"

    // Driver or remote operator.
    case driverRequired = "driver_required"
    case driverNotAllowed = "driver_not_allowed"
    case remoteOperatorRequired = "remote_operator_required"
    case remoteOperatorNotAllowed = "remote_operator_not_allowed"
    case documentNumberInvalid = "document_number_invalid"
    case documentExpired = "document_expired"
    case driverNationalityMismatch = "driver_nationality_mismatch"
    case driverTooYoung = "driver_too_young"
    case licenceNumberInvalid = "licence_number_invalid"
    case licenceClassInvalid = "licence_class_invalid"
    case licenceClassInsufficient = "licence_class_insufficient"
    case contactInvalid = "contact_invalid"

    // Quarantine.
    case quarantineCertificateRequired = "quarantine_certificate_required"
    case certificateExpired = "certificate_expired"
    case certificateLineInvalid = "certificate_line_invalid"
    case certificateNumberInvalid = "certificate_number_invalid"
    case certificateDatesInvalid = "certificate_dates_invalid"
}
