/// Symptoms a driver can declare, from the health quarantine form's checklist.
public enum Symptom: String, Sendable, CaseIterable {
    case fever
    case cough
    case soreThroat = "sore_throat"
    case shortnessOfBreath = "shortness_of_breath"
    case fatigue
    case headache
    case musclePain = "muscle_pain"
    case diarrhoea
    case vomiting
    case rash
    case jaundice
    case bleeding
    case lossOfTasteOrSmell = "loss_of_taste_or_smell"
}
