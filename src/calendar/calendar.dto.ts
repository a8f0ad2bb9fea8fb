import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ example: '春节' })
  @IsString()
  @Length(1, 40)
  name: string;
}

/** A year's holiday arrangement as published by the State Council (国务院办公厅关于节假日安排的通知). */
export class CalendarYearDto {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ type: [CalendarDayDto], description: 'Days off (放假)' })
  @IsArray()
  @ArrayMaxSize(80)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  holidays: CalendarDayDto[];

  @ApiProperty({ type: [CalendarDayDto], description: 'Make-up working days (调休上班), always a Saturday or Sunday' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  workdays: CalendarDayDto[];

  @ApiProperty({ example: '国办发明电〔2026〕X号' })
  @IsString()
  @Length(1, 300)
  source: string;
}
